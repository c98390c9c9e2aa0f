/** What the benchmarks share: a local stack with fake partners, a commit body and Douyin's signed POST. */
import { signSpi } from '../../lib/douyin/signature.js';
import { FakeAx } from '../fakes/fake-ax.js';
import { FakeDouyin } from '../fakes/fake-douyin.js';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../stack.js';

export const BENCH_KEY = 'bench';
export const BENCH_SECRET = 'bench-secret';

export interface BenchStack {
  stack: LocalStack;
  douyin: FakeDouyin;
  ax: FakeAx;
}

/** Runs `use` against a local stack (signatures required) with fake Douyin and AX, then stops them all. */
export async function withBenchStack<T>(
  options: Omit<LocalStackOptions, 'env'> & { env?: Record<string, string> },
  use: (bench: BenchStack) => Promise<T>,
): Promise<T> {
  const douyin = await new FakeDouyin(BENCH_KEY, BENCH_SECRET).listen();
  const ax = await new FakeAx().listen();
  const stack = await startLocalStack({
    port: 0,
    sweepIntervalMs: 0,
    ...options,
    env: {
      DOUYIN_BASE_URL: douyin.url,
      AX_BASE_URL: ax.url,
      AX_API_KEY: ax.apiKey,
      DOUYIN_CLIENT_KEY: BENCH_KEY,
      DOUYIN_CLIENT_SECRET: BENCH_SECRET,
      DOUYIN_SIGNATURE: 'required',
      ...options.env,
    },
  });
  try {
    return await use({ stack, douyin, ax });
  } finally {
    await stack.stop();
    await douyin.stop();
    await ax.stop();
  }
}

/** A valid commit for the example catalog: two nights whose catalog prices add up to the total. */
export function benchCommit(orderId: string, overrides: Record<string, unknown> = {}) {
  return {
    order_id: orderId,
    spu_ext_id: 'RT-DLX-TWIN',
    status: 1,
    reserve_amount: 1,
    customer_name: 'Bench Guest',
    customer_phone: '13800000000',
    check_in: '20261223',
    check_out: '20261225',
    total_price: 137600,
    ...overrides,
  };
}

/** POSTs a body to `url`, signed as Douyin signs it. */
export function signedPost(url: string, body: unknown): Promise<Response> {
  const text = JSON.stringify(body);
  const query = new URLSearchParams({ client_key: BENCH_KEY, timestamp: String(Date.now()) });
  return fetch(`${url}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-life-sign': signSpi(BENCH_SECRET, query, Buffer.from(text)) },
    body: text,
  });
}
