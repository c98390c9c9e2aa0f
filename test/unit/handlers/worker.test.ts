/**
 * The worker on the in-memory stores: AX's create, poll and cancel, and what happens when an AX create's
 * outcome is not known (SPEC §9): it is held in doubt for an operator, never sent again blindly, unless
 * AX_DEDUPLICATES says AX makes one order per channel_order_id.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyEvent } from '../../../lib/app/apply.js';
import { LEASE_MS, WorkState, WorkType } from '../../../lib/orders/index.js';
import { failed, linkAx, recreateAx, show } from '../../../local/ops/commands.js';
import { douyinOrder } from '../../../local/orders.js';
import { captureMetrics } from '../../support/metrics.js';
import { commitBody, orderRef, startUnitStack, type UnitStack } from './unit-stack.js';

vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

let stack: UnitStack;
let metrics: ReturnType<typeof captureMetrics>;
const start = async (env: Record<string, string> = {}) => {
  stack = await startUnitStack(env);
  metrics = captureMetrics();
};
beforeEach(() => {
  // Only the clock is the test's: the fakes and the stores answer in real time.
  vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-12-01T00:00:00Z') });
});
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await stack.stop();
});

/** Drains the queue, moving the clock past each delay the worker asked for. */
async function settle(rounds = 10): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const delay = Math.max(0, ...stack.queue.sent.map((message) => message.delaySeconds ?? 0));
    vi.setSystemTime(Date.now() + delay * 1000 + 1);
    await stack.drain({ rounds: 1 });
    if (stack.queue.sent.length === 0) return;
  }
}

const axMappedPaid = () => commitBody({ spu_ext_id: 'RT-STD-KING', status: 1, total_price: 100000 });

describe('the worker on the in-memory stores', () => {
  it('creates the AX order once, polls it until the supplier decides, and tells Douyin 0', async () => {
    await start();
    stack.ax.initialStatus = 'New';
    const body = axMappedPaid();
    const { order_ext_id } = await stack.douyinPost('commit', body);

    await settle();

    expect(stack.ax.ordersFor(String(order_ext_id))).toHaveLength(1);
    expect(stack.douyin.acceptedStatus(body.order_id)).toBe(0);
    expect(await douyinOrder(body.order_id)).toMatchObject({ confirmStatus: 0, axOrderCodes: [expect.any(String)] });
  });

  it('retries an AX create that failed after its backoff, through the queue, and makes one AX order', async () => {
    await start({ RETRY_BASE_SECONDS: '30' });
    stack.ax.failNext('create', { httpStatus: 500 }, { httpStatus: 503 });
    const body = axMappedPaid();
    const { order_ext_id } = await stack.douyinPost('commit', body);

    // Act: the first two attempts fail; each message comes back only after its backoff.
    await stack.drain({ rounds: 1 });
    const [first] = stack.queue.sent;
    await settle();

    // Assess
    expect(first).toMatchObject({ workId: WorkType.AxCreateOrder, delaySeconds: expect.any(Number) });
    expect(first?.delaySeconds).toBeGreaterThan(0);
    expect(stack.ax.callsOf('create')).toBe(3);
    expect(stack.ax.ordersFor(String(order_ext_id))).toHaveLength(1);
    expect(await douyinOrder(body.order_id)).toMatchObject({ axOrderCodes: [expect.any(String)] });
  });

  it('makes no AX order when the cancel comes before the create starts', async () => {
    // Prepare: paid, so the AX create is owed; the cancel lands before the worker takes the message.
    await start();
    const body = commitBody({ spu_ext_id: 'RT-STD-KING', total_price: 100000 });
    const { order_ext_id } = await stack.douyinPost('commit', body);
    await stack.douyinPost('status', { ...orderRef(body, String(order_ext_id)), status: 1 });
    expect(stack.queue.sent.map((message) => message.workId)).toEqual([WorkType.AxCreateOrder]);

    // Act
    await stack.douyinPost('cancel', { ...orderRef(body, String(order_ext_id)), order_status: 1 });
    await settle();

    // Assess: AX was never asked, and the create is closed as skipped.
    expect(stack.ax.callsOf('create')).toBe(0);
    expect(stack.ax.ordersFor(String(order_ext_id))).toEqual([]);
    expect((await douyinOrder(body.order_id))?.work[WorkType.AxCreateOrder]).toMatchObject({
      state: WorkState.Done,
      note: 'skipped: order cancelled before AX creation',
    });
  });

  it('cancels in AX the order a cancelled booking made', async () => {
    await start();
    stack.ax.decision = 'Supplier pending';
    const body = axMappedPaid();
    const { order_ext_id } = await stack.douyinPost('commit', body);
    await stack.drain({ rounds: 1 });
    await stack.douyinPost('cancel', { ...orderRef(body, String(order_ext_id)), order_status: 1 });
    await settle();
    expect(stack.ax.ordersFor(String(order_ext_id)).map((order) => order.status)).toEqual(['Traveler cancel']);
  });

  it('holds in doubt an AX create whose answer names no order, counts it, and lets an operator link what AX made', async () => {
    // Prepare: AX says 201 and names nothing.
    await start();
    stack.ax.failNext('create', { httpStatus: 201, body: {} });
    const body = axMappedPaid();
    const { order_ext_id } = await stack.douyinPost('commit', body);

    // Act
    await settle();

    // Assess: held, never sent again, shown with the id to look up in AX.
    const order = await douyinOrder(body.order_id);
    expect(order?.work[WorkType.AxCreateOrder]).toMatchObject({ state: WorkState.InDoubt });
    expect(stack.ax.callsOf('create')).toBe(1);
    expect(metrics.counted('InDoubt', { workType: WorkType.AxCreateOrder })).toBe(1);
    expect((await failed()).join('\n')).toContain(`IN DOUBT: look up channel_order_id ${order_ext_id} in AX's console`);
    expect((await show(String(order_ext_id))).join('\n')).toContain('in-doubt');

    // Act: the operator finds AX's order and links it.
    await linkAx(String(order_ext_id), 'AX-FOUND-1');
    await settle();

    // Assess
    expect((await douyinOrder(body.order_id))?.work[WorkType.AxCreateOrder]?.state).toBe(WorkState.Done);
    expect(stack.ax.callsOf('create')).toBe(1);
  });

  it('holds in doubt a create claimed by a worker that never recorded it, and sends it again only when an operator says so', async () => {
    // Prepare: a worker claimed the create and died before AX answered or before it could record the answer.
    await start();
    const body = axMappedPaid();
    const { order_ext_id } = await stack.douyinPost('commit', body);
    const ref = { channel: 'douyin' as const, orderId: body.order_id };
    await applyEvent(ref, { type: 'claim', workId: WorkType.AxCreateOrder, request: 'POST', token: 'DEAD' });
    stack.queue.take();

    // Act: the lease runs out and the sweeper's message comes.
    vi.setSystemTime(Date.now() + LEASE_MS + 1);
    await stack.queue.send([{ ...ref, workId: WorkType.AxCreateOrder }]);
    await settle();

    // Assess: not sent.
    expect((await douyinOrder(body.order_id))?.work[WorkType.AxCreateOrder]?.state).toBe(WorkState.InDoubt);
    expect(stack.ax.callsOf('create')).toBe(0);

    // Act: AX's console shows no order for it; the operator asks for it again.
    expect(await recreateAx(String(order_ext_id))).toEqual([
      `sending the AX create of ${order_ext_id} (channel_order_id ${order_ext_id}) again`,
    ]);
    await settle();

    // Assess
    expect(stack.ax.ordersFor(String(order_ext_id))).toHaveLength(1);
    expect(stack.douyin.acceptedStatus(body.order_id)).toBe(0);
  });

  it('sends a claimed, unrecorded create again when AX_DEDUPLICATES says AX makes one order per channel_order_id', async () => {
    await start({ AX_DEDUPLICATES: 'on' });
    const body = axMappedPaid();
    const { order_ext_id } = await stack.douyinPost('commit', body);
    const ref = { channel: 'douyin' as const, orderId: body.order_id };
    await applyEvent(ref, { type: 'claim', workId: WorkType.AxCreateOrder, request: 'POST', token: 'DEAD' });
    stack.queue.take();

    vi.setSystemTime(Date.now() + LEASE_MS + 1);
    await stack.queue.send([{ ...ref, workId: WorkType.AxCreateOrder }]);
    await settle();

    expect(stack.ax.ordersFor(String(order_ext_id))).toHaveLength(1);
    expect((await douyinOrder(body.order_id))?.work[WorkType.AxCreateOrder]?.state).toBe(WorkState.Done);
  });

  it('keeps trying to record what AX answered while the store fails, so the create is made once and not held in doubt', async () => {
    // Prepare: the store refuses the next three writes after AX's answer.
    await start();
    const body = axMappedPaid();
    const { order_ext_id } = await stack.douyinPost('commit', body);
    const replace = stack.stores.orders.replace.bind(stack.stores.orders);
    let refusals = 0;
    stack.stores.orders.replace = async (next, version) => {
      if (stack.ax.callsOf('create') === 1 && next.work[WorkType.AxCreateOrder]?.state === WorkState.Done && refusals < 3) {
        refusals += 1;
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException' });
      }
      return replace(next, version);
    };

    // Act
    await settle();

    // Assess
    expect(refusals).toBe(3);
    expect(stack.ax.ordersFor(String(order_ext_id))).toHaveLength(1);
    expect(stack.ax.callsOf('create')).toBe(1);
    expect((await douyinOrder(body.order_id))?.work[WorkType.AxCreateOrder]?.state).toBe(WorkState.Done);
  });
});
