/**
 * The load generator, run as its own process so it does not share an event loop with the server it
 * measures: `concurrency` loops POST signed commits, each with a new order_id, for `seconds`.
 * argv: <url> <concurrency> <warmupSeconds> <seconds> [kind]; kind `suite` sends 3-night stays of the room
 * type sold from its own allotment, `spread2` 2-night stays spread over the year and `hot2` 2-night stays all
 * on the same nights; `availability` and `create` send the partner's RoomAvailability and CreateOrder for
 * 3-night stays of that room type, spread likewise. Prints one JSON line of results: the channels' retry
 * answers (Douyin's error_code 100, the partner's SYSTEM_EXCEPTION) are counted apart from other errors.
 */
import { benchAvailability, benchCommit, benchCreate, benchSuiteCommit, partnerPost, signedPost } from './bench-stack.js';
import { percentile } from './stats.js';

const [url = '', concurrencyText = '40', warmupText = '2', secondsText = '10', kind = 'plain'] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
let sequence = 0;

function bodyOf(orderId: string): unknown {
  switch (kind) {
    case 'suite':
      return benchSuiteCommit(orderId, sequence);
    case 'spread2':
      return benchSuiteCommit(orderId, sequence, { nights: 2 });
    case 'hot2':
      return benchSuiteCommit(orderId, sequence, { nights: 2, hot: true });
    default:
      return benchCommit(orderId);
  }
}

/** One partner call: an answer without an Error node is a success. */
async function partnerOnce(xml: string): Promise<{ ok: boolean; retry: boolean }> {
  const response = await partnerPost(url, xml);
  const text = await response.text();
  return { ok: response.status === 200 && !text.includes('<Error>'), retry: text.includes('SYSTEM_EXCEPTION') };
}

async function douyinOnce(orderId: string): Promise<{ ok: boolean; retry: boolean }> {
  const response = await signedPost(url, bodyOf(orderId));
  const reply = (await response.json()) as { error_code?: number };
  return { ok: response.status === 200 && reply.error_code === 0, retry: reply.error_code === 100 };
}

async function once(): Promise<{ ok: boolean; retry: boolean; ms: number }> {
  sequence += 1;
  const started = performance.now();
  const orderId = `9${process.pid}${String(sequence).padStart(10, '0')}`;
  const result =
    kind === 'availability'
      ? await partnerOnce(benchAvailability(sequence))
      : kind === 'create'
        ? await partnerOnce(benchCreate(orderId, sequence))
        : await douyinOnce(orderId);
  return { ...result, ms: performance.now() - started };
}

async function run(seconds: number): Promise<{ latencies: number[]; errors: number; retries: number; elapsed: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let retries = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const result = await once().catch(() => ({ ok: false, retry: false, ms: 0 }));
        if (result.ok) latencies.push(result.ms);
        else if (result.retry) retries += 1;
        else errors += 1;
      }
    }),
  );
  return { latencies, errors, retries, elapsed: (performance.now() - started) / 1000 };
}

await run(Number(warmupText));
const { latencies, errors, retries, elapsed } = await run(Number(secondsText));
console.log(
  JSON.stringify({
    requests: latencies.length,
    errors,
    retries,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  }),
);
