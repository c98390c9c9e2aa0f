/**
 * Benchmark c: DynamoDB requests per order life, counted on the shared document client while one order
 * goes through commit, payment, confirmation and cancellation (with and without AX).
 */

import { signSpi } from '../../lib/douyin/signature.js';
import { FunctionName } from '../../lib/http/routes.js';
import { dynamo } from '../../lib/store/client.js';
import { getOrder } from '../../lib/store/orders-store.js';
import { FakeAx } from '../fakes/fake-ax.js';
import { FakeDouyin } from '../fakes/fake-douyin.js';
import { invocation, type LocalStack, startLocalStack } from '../stack.js';
import { table } from './stats.js';

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);
/** Requests per function; the benchmark's own reads (no invocation) are not counted. */
const counts = new Map<string, Map<string, number>>();

function snapshot(functionName: string): { reads: number; writes: number; detail: string } {
  const entries = [...(counts.get(functionName) ?? new Map<string, number>()).entries()];
  counts.delete(functionName);
  const writes = entries.filter(([name]) => WRITES.has(name)).reduce((sum, [, n]) => sum + n, 0);
  const reads = entries.filter(([name]) => !WRITES.has(name)).reduce((sum, [, n]) => sum + n, 0);
  return { reads, writes, detail: entries.map(([name, n]) => `${name.replace('Command', '')}×${n}`).join(' ') };
}

async function post(stack: LocalStack, route: string, body: unknown): Promise<{ error_code: number; order_ext_id?: string }> {
  const text = JSON.stringify(body);
  const query = new URLSearchParams({ client_key: 'bench', timestamp: String(Date.now()) });
  const response = await fetch(`${stack.url}/poi/ext/hotel/order/${route}?${query}`, {
    method: 'POST',
    headers: { 'x-life-sign': signSpi('bench-secret', query, Buffer.from(text)) },
    body: text,
  });
  return (await response.json()) as { error_code: number; order_ext_id?: string };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 20_000 && !(await check()); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  // Let the worker's last write land before the snapshot.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

async function life(stack: LocalStack, spuExtId: string, id: string) {
  const rows: (string | number)[][] = [];
  const step = (name: string, functionName: string) => {
    const { reads, writes, detail } = snapshot(functionName);
    rows.push([`${spuExtId} ${name}`, functionName, reads, writes, detail]);
  };
  const body = {
    order_id: id,
    spu_ext_id: spuExtId,
    status: 0,
    reserve_amount: 1,
    customer_name: 'Bench',
    customer_phone: '13800000000',
    check_in: '20261223',
    check_out: '20261225',
    total_price: 137600,
  };
  const ref = (orderExtId: string) => ({ supplier_ext_id: 'SUP-SEL-001', order_id: id, order_ext_id: orderExtId });
  counts.clear();
  const { order_ext_id: orderExtId = '' } = await post(stack, 'commit', body);
  step('commit', FunctionName.DouyinOrderCommit);
  await post(stack, 'status', { ...ref(orderExtId), status: 1 });
  step('payment notice', FunctionName.DouyinOrderStatus);
  await until(async () => (await getOrder(id))?.work['douyin.order-status']?.state === 'done');
  step(spuExtId === 'RT-STD-KING' ? 'AX create, poll, Douyin status' : 'Douyin status', FunctionName.SyncWorker);
  await post(stack, 'cancel', { ...ref(orderExtId), order_status: 1 });
  step('cancel', FunctionName.DouyinOrderCancel);
  if (spuExtId === 'RT-STD-KING') {
    await until(async () => Object.values((await getOrder(id))?.work ?? {}).every((item) => item.state !== 'pending'));
    step('AX cancel', FunctionName.SyncWorker);
  }
  return rows;
}

export async function requestsBenchmark(): Promise<string> {
  const douyin = await new FakeDouyin('bench', 'bench-secret').listen();
  const ax = await new FakeAx().listen();
  const stack = await startLocalStack({
    port: 0,
    sweepIntervalMs: 0,
    env: {
      DOUYIN_BASE_URL: douyin.url,
      AX_BASE_URL: ax.url,
      AX_API_KEY: ax.apiKey,
      DOUYIN_CLIENT_KEY: 'bench',
      DOUYIN_CLIENT_SECRET: 'bench-secret',
      AX_POLL_SECONDS: '1',
    },
  });
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const functionName = invocation.getStore();
      if (functionName !== undefined) {
        const byCommand = counts.get(functionName) ?? new Map<string, number>();
        byCommand.set(context.commandName ?? 'unknown', (byCommand.get(context.commandName ?? 'unknown') ?? 0) + 1);
        counts.set(functionName, byCommand);
      }
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  try {
    await life(stack, 'RT-DLX-TWIN', '8000000000000000000'); // warms the shared token, not counted
    const rows = [
      ...(await life(stack, 'RT-DLX-TWIN', '8000000000000000001')),
      ...(await life(stack, 'RT-STD-KING', '8000000000000000002')),
    ];
    return [
      'c. DynamoDB requests per order life, attributed to the function that made them (steady state: the shared Douyin token already cached)',
      table(['step', 'function', 'reads', 'writes', 'requests'], rows),
      'target: ≤ 2 writes per inbound event (state change + history entry) and 1 per outbound attempt; the AX create',
      'writes twice by design (SPEC §4: the attempt is recorded before the call so a crash cannot make a second AX order).',
    ].join('\n');
  } finally {
    await stack.stop();
    await douyin.stop();
    await ax.stop();
  }
}
