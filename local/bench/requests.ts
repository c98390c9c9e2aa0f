/**
 * Benchmark c: DynamoDB requests per order life, counted on the shared document client while one order
 * goes through commit, payment, confirmation and cancellation (with and without AX).
 */

import { FunctionName } from '../../lib/http/routes.js';
import { dynamo } from '../../lib/store/dynamodb/client.js';
import { night } from '../calendar.js';
import { douyinOrder as getOrder } from '../orders.js';
import { invocation, type LocalStack } from '../stack.js';
import {
  benchAvailability,
  benchCommit,
  benchHotelRooms,
  partnerPost,
  signedGet,
  signedPost,
  withBenchStack,
} from './bench-stack.js';
import { table } from './stats.js';

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);
/** Requests per function; the benchmark's own reads (no invocation) are not counted. */
const counts = new Map<string, Map<string, number>>();

function snapshot(functionName: string): { reads: number; writes: number; detail: string } {
  const entries = [...(counts.get(functionName) ?? new Map<string, number>()).entries()];
  counts.delete(functionName);
  const isWrite = (name: string) => WRITES.has(name.replace(/ .*$/, ''));
  const writes = entries.filter(([name]) => isWrite(name)).reduce((sum, [, n]) => sum + n, 0);
  const reads = entries.filter(([name]) => !isWrite(name)).reduce((sum, [, n]) => sum + n, 0);
  return { reads, writes, detail: entries.map(([name, n]) => `${name.replace('Command', '')}×${n}`).join(' ') };
}

async function post(stack: LocalStack, route: string, body: unknown): Promise<{ error_code: number; order_ext_id?: string }> {
  return (await signedPost(`${stack.url}/poi/ext/hotel/order/${route}`, body)).json() as Promise<{
    error_code: number;
    order_ext_id?: string;
  }>;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 20_000 && !(await check()); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  // Let the worker's last write land before the snapshot.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

/** A stay per room type: two nights, or three of the suite sold from its own allotment. */
const STAYS: Record<string, Record<string, unknown>> = {
  'RT-FAM-SUITE': { check_in: night(9), check_out: night(12), total_price: 3 * 98800 },
};

async function life(stack: LocalStack, spuExtId: string, id: string) {
  const rows: (string | number)[][] = [];
  const step = (name: string, functionName: string) => {
    const { reads, writes, detail } = snapshot(functionName);
    rows.push([`${spuExtId} ${name}`, functionName, reads, writes, detail]);
  };
  const body = benchCommit(id, { spu_ext_id: spuExtId, status: 0, ...STAYS[spuExtId] });
  const ref = (orderExtId: string) => ({ supplier_ext_id: 'SUP-SEL-001', order_id: id, order_ext_id: orderExtId });
  counts.clear();
  // A paid commit checks its total against the nights' prices in the table (a priced room type), or holds them.
  await post(stack, 'commit', { ...body, order_id: `${id}9`, status: 1 });
  step('paid commit', 'douyin-order-commit');
  counts.clear();
  const { order_ext_id: orderExtId = '' } = await post(stack, 'commit', body);
  step('commit', 'douyin-order-commit');
  // Douyin retries commits: the repeat learns the stored order from its failed conditional put.
  await post(stack, 'commit', body);
  step('duplicate commit', 'douyin-order-commit');
  await post(stack, 'status', { ...ref(orderExtId), status: 1 });
  step('payment notice', 'douyin-order-status');
  await until(async () => (await getOrder(id))?.work['douyin.order-status']?.state === 'done');
  step(spuExtId === 'RT-STD-KING' ? 'AX create, poll, Douyin status' : 'Douyin status', FunctionName.SyncWorker);
  await post(stack, 'cancel', { ...ref(orderExtId), order_status: 1 });
  step('cancel', 'douyin-order-cancel');
  if (spuExtId === 'RT-STD-KING') {
    await until(async () => Object.values((await getOrder(id))?.work ?? {}).every((item) => item.state !== 'pending'));
    step('AX cancel', FunctionName.SyncWorker);
  }
  return rows;
}

/**
 * The sellers' reads: Douyin's pull of every room type over 14 nights and the partner's quotes, whatever the
 * number of rate plans, read each room type's nights once (one Query per room type and range).
 */
async function sellers(stack: LocalStack): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  const step = (name: string, functionName: string) => {
    const { reads, writes, detail } = snapshot(functionName);
    rows.push([name, functionName, reads, writes, detail]);
  };
  for (const round of ['warm-up', 'counted']) {
    counts.clear();
    await signedGet(`${stack.url}/poi/ext/hotel/sku`, {
      spu_ext_id: 'RT-DLX-TWIN,RT-STD-KING,RT-FAM-SUITE',
      start_date: night(9),
      end_date: night(23),
    });
    if (round === 'counted') step('pull: 3 room types × 14 nights', 'douyin-hotel-sku');
    await partnerPost(`${stack.url}/hotelRooms`, benchHotelRooms(9));
    if (round === 'counted') step('HotelRooms: 3 room types × 14 nights', 'partner-hotel-rooms');
    await partnerPost(`${stack.url}/roomAvailability`, benchAvailability(9));
    if (round === 'counted') step('RoomAvailability: 1 room type × 3 nights', 'partner-room-availability');
  }
  return rows;
}

export function requestsBenchmark(): Promise<string> {
  return withBenchStack({ trackInvocations: true, env: { AX_POLL_SECONDS: '1' } }, async ({ stack }) => {
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const functionName = invocation.getStore();
        if (functionName !== undefined) {
          const byCommand = counts.get(functionName) ?? new Map<string, number>();
          // A transaction is one request; its size (items written together) is shown beside it.
          const items = (args.input as { TransactItems?: unknown[] }).TransactItems?.length;
          const name = `${context.commandName ?? 'unknown'}${items === undefined ? '' : ` (${items} items)`}`;
          byCommand.set(name, (byCommand.get(name) ?? 0) + 1);
          counts.set(functionName, byCommand);
        }
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
    // Warms the shared token and each room type's cached catalog entry; not counted.
    await life(stack, 'RT-DLX-TWIN', '8000000000000000000');
    await life(stack, 'RT-STD-KING', '8000000000000000003');
    await life(stack, 'RT-FAM-SUITE', '8000000000000000005');
    const rows = [
      ...(await sellers(stack)),
      ...(await life(stack, 'RT-DLX-TWIN', '8000000000000000001')),
      ...(await life(stack, 'RT-STD-KING', '8000000000000000002')),
      ...(await life(stack, 'RT-FAM-SUITE', '8000000000000000004')),
    ];
    return [
      'c. DynamoDB requests per order life, attributed to the function that made them (steady state: the shared Douyin token and the room types already cached)',
      table(['step', 'function', 'reads', 'writes', 'requests'], rows),
      'target: the pull and the quotes read each room type’s nights in one Query (plus one PutItem for the request’s',
      'history; the catalog is cached); ≤ 2 writes per inbound event (state change + history entry) and 1 per outbound attempt, no read for a',
      'duplicate commit (its failed conditional put returns the stored order, and counts as a write); the AX create',
      'writes twice by design (SPEC §4: the attempt is recorded before the call so a crash cannot make a second AX order).',
      'RT-FAM-SUITE is sold from its own allotment, a 3-night stay: its commit writes the order, holds each night with',
      'one conditional UpdateItem and records the outcome (ADR 0009: no transaction for contention to cancel); its',
      'cancel owes the release, which the worker makes the same way, night by night.',
    ].join('\n');
  });
}
