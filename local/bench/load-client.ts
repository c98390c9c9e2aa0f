/**
 * The load generator, run as its own process so it does not share an event loop with the server it
 * measures: `concurrency` loops POST signed commits, each with a new order_id, for `seconds`.
 * argv: <url> <concurrency> <warmupSeconds> <seconds> [suite]; with `suite`, 3-night stays of the room type
 * sold from its own allotment. Prints one JSON line of results.
 */
import { benchCommit, benchSuiteCommit, signedPost } from './bench-stack.js';
import { percentile } from './stats.js';

const [url = '', concurrencyText = '40', warmupText = '2', secondsText = '10', kind = 'plain'] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
let sequence = 0;

async function once(): Promise<{ ok: boolean; ms: number }> {
  sequence += 1;
  const started = performance.now();
  const orderId = `9${process.pid}${String(sequence).padStart(10, '0')}`;
  const response = await signedPost(url, kind === 'suite' ? benchSuiteCommit(orderId, sequence) : benchCommit(orderId));
  const reply = (await response.json()) as { error_code?: number };
  return { ok: response.status === 200 && reply.error_code === 0, ms: performance.now() - started };
}

async function run(seconds: number): Promise<{ latencies: number[]; errors: number; elapsed: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const result = await once().catch(() => ({ ok: false, ms: 0 }));
        if (result.ok) latencies.push(result.ms);
        else errors += 1;
      }
    }),
  );
  return { latencies, errors, elapsed: (performance.now() - started) / 1000 };
}

await run(Number(warmupText));
const { latencies, errors, elapsed } = await run(Number(secondsText));
console.log(
  JSON.stringify({
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  }),
);
