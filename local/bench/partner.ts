/**
 * Benchmark e: the partner selling, on the local stack. RoomAvailability latency at concurrency 10 (the
 * partner treats an answer slower than 3 s as "not available"), and CreateOrder throughput beside the Douyin
 * commit's in the same run, both holding 3 nights of the room type sold from its own allotment, spread over
 * the year, at concurrency 40. The servers take turns each round so a slow spell falls on both.
 */
import { writeCatalog } from '../../lib/app/catalog.js';
import { parseCatalog } from '../../lib/catalog/catalog.js';
import { benchCatalog, withBenchStack } from './bench-stack.js';
import { median, table } from './stats.js';
import { combine, type LoadResult, load, resultCells } from './throughput.js';

const AVAILABILITY_CONCURRENCY = 10;
const CREATE_CONCURRENCY = 40;

export async function partnerBenchmark(seconds = 6, rounds = 3): Promise<string> {
  return withBenchStack({ worker: false }, async ({ stack }) => {
    await writeCatalog(parseCatalog(benchCatalog()));
    const partner = `${stack.url}/partner`;
    const commit = `${stack.url}/poi/ext/hotel/order/commit`;
    const runs: { availability: LoadResult; create: LoadResult; commit: LoadResult }[] = [];
    for (let round = 0; round < rounds; round++) {
      runs.push({
        availability: await load(partner, seconds, 'availability', AVAILABILITY_CONCURRENCY),
        create: await load(partner, seconds, 'create', CREATE_CONCURRENCY),
        commit: await load(commit, seconds, 'suite', CREATE_CONCURRENCY),
      });
    }
    const row = (name: string, concurrency: number, result: LoadResult) => [name, concurrency, ...resultCells(result)];
    const availability = combine(runs.map((run) => run.availability));
    const ratios = runs.map((run) => run.create.rps / run.commit.rps);
    return [
      `e. the partner on the local stack (worker off): ${rounds} rounds, each ${seconds} s after a 2 s warm-up, medians over the rounds; 3-night stays of RT-FAM-SUITE, held from its own allotment`,
      table(
        ['call', 'concurrency', 'answered', 'retry answers', 'other errors', 'req/s', 'p50 ms', 'p99 ms'],
        [
          row('partner RoomAvailability (/partner)', AVAILABILITY_CONCURRENCY, availability),
          row('partner CreateOrder (/partner)', CREATE_CONCURRENCY, combine(runs.map((run) => run.create))),
          row('Douyin commit, paid', CREATE_CONCURRENCY, combine(runs.map((run) => run.commit))),
        ],
      ),
      `RoomAvailability p99 ${availability.p99.toFixed(0)} ms against the partner's 3,000 ms (${availability.p99 < 1000 ? 'well under' : 'NOT well under'}); CreateOrder reaches ${median(ratios).toFixed(2)}× the Douyin commit's throughput (rounds: ${ratios.map((value) => value.toFixed(2)).join(', ')})`,
    ].join('\n');
  });
}
