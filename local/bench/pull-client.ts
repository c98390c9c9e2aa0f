/**
 * An open-loop load generator in its own process (so it shares no event loop with the stack it measures):
 * POSTs one signed calendar-room SPI body `rate` times a second for `seconds`, each request started on
 * schedule whatever the ones before it are doing. argv: <url> <rate> <seconds> <json body>. Prints one
 * JSON line: requests, errors (an answer not 0), p50 and p99 ms.
 */
import { signSpi } from '../../lib/douyin/signature.js';
import { BENCH_SECRET } from './bench-stack.js';
import { percentile } from './stats.js';

const [url = '', rateText = '50', secondsText = '10', body = '{}'] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);

async function once(): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const query = new URLSearchParams({ client_key: 'bench', timestamp: String(Date.now()) });
  try {
    const response = await fetch(`${url}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-life-sign': signSpi(BENCH_SECRET, query, Buffer.from(body)) },
      body,
    });
    const reply = (await response.json()) as { data?: { error_code?: number } };
    return { ok: response.status === 200 && reply.data?.error_code === 0, ms: performance.now() - started };
  } catch {
    return { ok: false, ms: performance.now() - started };
  }
}

// A second of warm-up, not counted.
await Promise.all(Array.from({ length: rate }, () => once()));
const calls: Promise<{ ok: boolean; ms: number }>[] = [];
const started = performance.now();
for (let index = 0; index < rate * seconds; index++) {
  const wait = started + (index * 1000) / rate - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  calls.push(once());
}
const results = await Promise.all(calls);
const latencies = results.map((result) => result.ms);
console.log(
  JSON.stringify({
    requests: results.length,
    errors: results.filter((result) => !result.ok).length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  }),
);
