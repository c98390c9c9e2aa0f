/**
 * Benchmark d: from a paid commit until the fake Douyin has accepted its status, over 500 orders on the
 * local stack (worker polling with Lambda's batch semantics).
 */
import { benchCommit, signedPost, withBenchStack } from './bench-stack.js';
import { percentile, table } from './stats.js';

export function endToEndBenchmark(orders = 500, concurrency = 20): Promise<string> {
  return withBenchStack({ workerConcurrency: 4 }, async ({ stack, douyin }) => {
    const sentAt = new Map<string, number>();
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < orders) {
          next += 1;
          const id = `81${String(started).slice(-8)}${String(next).padStart(8, '0')}`;
          sentAt.set(id, Date.now());
          await signedPost(`${stack.url}/poi/ext/hotel/order/commit`, benchCommit(id));
        }
      }),
    );
    const deadline = Date.now() + 120_000;
    const accepted = () => douyin.statusCalls.filter((call) => sentAt.has(call.body.order_id));
    while (new Set(accepted().map((call) => call.body.order_id)).size < orders && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const first = new Map<string, number>();
    for (const call of accepted()) if (!first.has(call.body.order_id)) first.set(call.body.order_id, call.at);
    const latencies = [...first].map(([id, at]) => at - (sentAt.get(id) ?? at));
    return [
      `d. end to end: paid commit → Douyin accepted the status, ${orders} orders sent ${concurrency} at a time (4 worker pollers, batches of 10)`,
      table(
        ['orders delivered', 'p50 ms', 'p99 ms', 'max ms', 'wall s'],
        [
          [
            latencies.length,
            percentile(latencies, 50),
            percentile(latencies, 99),
            Math.max(...latencies),
            ((Date.now() - started) / 1000).toFixed(1),
          ],
        ],
      ),
    ].join('\n');
  });
}
