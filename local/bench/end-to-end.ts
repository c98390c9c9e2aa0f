/**
 * Benchmark d: from a paid commit until the fake Douyin has accepted its status, over 500 orders on the
 * local stack (worker polling with Lambda's batch semantics).
 */
import { signSpi } from '../../lib/douyin/signature.js';
import { FakeAx } from '../fakes/fake-ax.js';
import { FakeDouyin } from '../fakes/fake-douyin.js';
import { startLocalStack } from '../stack.js';
import { percentile, table } from './stats.js';

export async function endToEndBenchmark(orders = 500, concurrency = 20): Promise<string> {
  const douyin = await new FakeDouyin('bench', 'bench-secret').listen();
  const ax = await new FakeAx().listen();
  const stack = await startLocalStack({
    port: 0,
    sweepIntervalMs: 0,
    workerConcurrency: 4,
    env: { DOUYIN_BASE_URL: douyin.url, AX_BASE_URL: ax.url, DOUYIN_CLIENT_KEY: 'bench', DOUYIN_CLIENT_SECRET: 'bench-secret' },
  });
  const sentAt = new Map<string, number>();
  try {
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < orders) {
          next += 1;
          const id = `81${String(started).slice(-8)}${String(next).padStart(8, '0')}`;
          const body = JSON.stringify({
            order_id: id,
            spu_ext_id: 'RT-DLX-TWIN',
            status: 1,
            reserve_amount: 1,
            customer_name: 'Bench',
            customer_phone: '13800000000',
            check_in: '20261223',
            check_out: '20261225',
            total_price: 137600,
          });
          const query = new URLSearchParams({ client_key: 'bench', timestamp: String(Date.now()) });
          sentAt.set(id, Date.now());
          await fetch(`${stack.url}/poi/ext/hotel/order/commit?${query}`, {
            method: 'POST',
            headers: { 'x-life-sign': signSpi('bench-secret', query, Buffer.from(body)) },
            body,
          });
        }
      }),
    );
    const deadline = Date.now() + 120_000;
    const accepted = () => douyin.statusCalls.filter((call) => sentAt.has(call.body.order_id));
    while (new Set(accepted().map((call) => call.body.order_id)).size < orders && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
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
  } finally {
    await stack.stop();
    await douyin.stop();
    await ax.stop();
  }
}
