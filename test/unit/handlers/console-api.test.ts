/**
 * The console's admin routes (SPEC §10) through their Lambdas on the in-memory stores: orders found by any
 * id and paged by arrival, an order's story with guests masked, work needing a person and the operator's
 * actions (checked for the group by the Lambda, kept in the story with who), and each channel's health.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dashedYmd, type Order, WorkState, WorkType } from '../../../lib/orders/index.js';
import { stores } from '../../../lib/store/stores.js';
import { night } from '../../../local/calendar.js';
import { douyinOrder } from '../../../local/orders.js';
import { CLIENT_ID, POOL_ID, startTestPool, type TestPool } from '../../support/tokens.js';
import { commitBody, startUnitStack, type UnitStack } from './unit-stack.js';

let stack: UnitStack;
let pool: TestPool;
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
  pool = await startTestPool();
  stack = await startUnitStack({
    ADMIN_USER_POOL_ID: POOL_ID,
    ADMIN_CLIENT_ID: CLIENT_ID,
    ADMIN_COGNITO_ENDPOINT: pool.endpoint,
  });
});
afterEach(async () => {
  vi.useRealTimers();
  await stack.stop();
  await pool.stop();
});

const viewer = () => pool.token('val', ['viewer']);
const operator = () => pool.token('otto', ['operator']);
const get = (path: string, token = viewer()) => stack.admin('GET', path, { token });
const act = (action: string, body: unknown, token = operator()) => stack.admin('POST', `/admin/work/${action}`, { token, body });

/** Drains the queue, moving the clock past each delay the worker asked for. */
async function settle(rounds = 10): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const delay = Math.max(0, ...stack.queue.sent.map((message) => message.delaySeconds ?? 0));
    vi.setSystemTime(Date.now() + delay * 1000 + 1);
    await stack.drain({ rounds: 1 });
    if (stack.queue.sent.length === 0) return;
  }
}

/** A paid Douyin order for an AX-mapped room type, so it owes an AX create. */
async function axOrder(overrides: Record<string, unknown> = {}) {
  const body = commitBody({ spu_ext_id: 'RT-STD-KING', status: 1, total_price: 100000, ...overrides });
  const { order_ext_id } = await stack.douyinPost('commit', body);
  return { orderId: body.order_id, orderExtId: String(order_ext_id) };
}

type Listed = { orders: { orderId: string; checkIn: string; guest: string; channel: string }[]; next: string | null };

describe('the hotels the grid offers', () => {
  it('lists each hotel with its room types, their plans and where each plan sells', async () => {
    const reply = await get('/admin/hotels');
    expect(reply.status).toBe(200);
    const hotels = reply.body.hotels as {
      hotelCode: string;
      roomTypes: { code: string; managed: boolean; ratePlans: { code: string; channels: string[] }[] }[];
    }[];
    expect(reply.body.channels).toEqual(['douyin', 'partner', 'douyinHotel']);
    const suite = hotels[0]?.roomTypes.find((roomType) => roomType.code === 'RT-FAM-SUITE');
    expect(suite).toMatchObject({ managed: true, ratePlans: [expect.objectContaining({ channels: ['douyin', 'partner'] })] });
    expect((await stack.admin('GET', '/admin/hotels')).status).toBe(401);
  });
});

describe('the order list', () => {
  it('pages orders by arrival, latest first, and filters them by channel, state and arrival nights', async () => {
    const ids: string[] = [];
    for (const offset of [0, 2, 4]) {
      const body = commitBody({ check_in: night(22 + offset), check_out: night(23 + offset), total_price: 58800 });
      await stack.douyinPost('commit', body);
      ids.push(body.order_id);
    }

    const first = (await get('/admin/orders?limit=2')).body as unknown as Listed;
    const second = (await get(`/admin/orders?limit=2&cursor=${encodeURIComponent(first.next ?? '')}`)).body as unknown as Listed;
    const ranged = (await get(`/admin/orders?from=${dashedYmd(night(23))}&to=${dashedYmd(night(24))}`)).body as unknown as Listed;
    const unpaid = (await get('/admin/orders?status=UNPAID&channel=douyin')).body as unknown as Listed;
    const byIdPaid = (await get(`/admin/orders?q=${ids[0]}&status=PAID`)).body as unknown as Listed;
    const paid = (await get('/admin/orders?status=PAID')).body as unknown as Listed;

    expect(first.orders.map((order) => order.orderId)).toEqual([ids[2], ids[1]]);
    expect(second.orders.map((order) => order.orderId)).toEqual([ids[0]]);
    expect(ranged.orders.map((order) => order.orderId)).toEqual([ids[1]]);
    expect(unpaid.orders).toHaveLength(3);
    expect(byIdPaid.orders).toEqual([]);
    expect(paid.orders).toHaveLength(0);
    // The guest is masked in the list too.
    expect(first.orders[0]).toMatchObject({ guest: '张*', checkIn: dashedYmd(night(26)), channel: 'douyin' });
  });

  it('finds an order by its order_id, its order_ext_id and its AX order code', async () => {
    const { orderId, orderExtId } = await axOrder();
    await settle();
    const axCode = (await douyinOrder(orderId))?.axOrderCodes[0] ?? 'none';

    for (const q of [orderId, orderExtId, axCode]) {
      const found = (await get(`/admin/orders?q=${q}`)).body as unknown as Listed;
      expect(found.orders.map((order) => order.orderId)).toEqual([orderId]);
    }
    expect(((await get('/admin/orders?q=NOTHING-LIKE-IT')).body as unknown as Listed).orders).toEqual([]);
  });

  it('names the filter that is wrong', async () => {
    const reply = await get('/admin/orders?channel=expedia&from=2026-02-30');
    expect(reply.status).toBe(400);
    expect((reply.body.errors as { path: string }[]).map((error) => error.path).sort()).toEqual(['channel', 'from']);
  });
});

describe('an order’s story', () => {
  it('tells every request and attempt, masks the guest, and gives the remark as sent', async () => {
    const remark = '<img src=x onerror="alert(1)">late arrival';
    const { orderId } = await axOrder({ remark, customer_name: '<b>王小明</b>', customer_phone: 13912345678 });
    await settle();

    const reply = await get(`/admin/orders/${orderId}`);

    expect(reply.status).toBe(200);
    const [story] = reply.body.orders as Record<string, unknown>[];
    expect(story).toMatchObject({
      orderId,
      booking: { remark, guest: '<***', phone: '139****5678' },
      work: expect.arrayContaining([expect.objectContaining({ type: WorkType.AxCreateOrder, state: WorkState.Done })]),
      attempts: expect.arrayContaining([expect.objectContaining({ workId: WorkType.AxCreateOrder })]),
      inbound: [expect.objectContaining({ route: 'commit', code: '0' })],
    });
    // No request body (guest data) leaves with the story.
    expect(JSON.stringify(reply.body)).not.toContain('13912345678');
    expect(JSON.stringify(reply.body)).not.toContain('王小明');
  });

  it('answers 404 naming the id', async () => {
    const reply = await get('/admin/orders/7000000000000000001');
    expect(reply).toMatchObject({ status: 404, body: { errors: [{ path: 'id' }] } });
  });
});

describe('work needing a person', () => {
  it('lists failed work, refuses a viewer’s retry, and retries it for an operator, keeping who did it', async () => {
    stack.ax.failNext('create', ...Array.from({ length: 4 }, () => ({ httpStatus: 500 })));
    const { orderId, orderExtId } = await axOrder();
    await settle();

    const work = await get('/admin/work');
    const refused = await act('retry', { order: orderExtId }, viewer());
    const before = await douyinOrder(orderId);
    const retried = await act('retry', { order: orderId });
    await settle();
    const again = await act('retry', { order: orderId });
    const story = (await get(`/admin/orders/${orderId}`)).body.orders as { inbound: { route: string; who?: string }[] }[];

    expect(work.body).toMatchObject({
      work: [{ orderId, workId: WorkType.AxCreateOrder, state: 'failed', attempts: 4 }],
      dlq: null,
    });
    expect(refused.status).toBe(403);
    expect(before?.work[WorkType.AxCreateOrder]?.state).toBe(WorkState.Failed);
    expect(retried).toMatchObject({ status: 200, body: { orderExtId, retried: [WorkType.AxCreateOrder] } });
    expect((await douyinOrder(orderId))?.work[WorkType.AxCreateOrder]?.state).toBe(WorkState.Done);
    expect(again).toMatchObject({ status: 409, body: { errors: [{ path: 'order' }] } });
    expect(story[0]?.inbound).toContainEqual(expect.objectContaining({ route: 'action retry', who: 'otto' }));
    expect(((await get('/admin/work')).body as { work: unknown[] }).work).toEqual([]);
  });

  it('recreates an AX create in doubt, links one made by hand, and refuses what does not apply', async () => {
    stack.ax.failNext('create', { httpStatus: 201, body: {} }, { httpStatus: 201, body: {} });
    const doubtful = await axOrder();
    const linked = await axOrder();
    await settle();

    const badCode = await act('link-ax', { order: linked.orderExtId, axOrderCode: 'has spaces' });
    const missing = await act('recreate-ax', {});
    const unknown = await act('recreate-ax', { order: '7999999999999999999' });
    const recreated = await act('recreate-ax', { order: doubtful.orderExtId });
    const link = await act('link-ax', { order: linked.orderExtId, axOrderCode: 'AX-BY-HAND-1' });
    await settle();
    const notInDoubt = await act('recreate-ax', { order: doubtful.orderExtId });

    expect(badCode).toMatchObject({ status: 400, body: { errors: [{ path: 'axOrderCode' }] } });
    expect(missing).toMatchObject({ status: 400, body: { errors: [{ path: 'order' }] } });
    expect(unknown).toMatchObject({ status: 404, body: { errors: [{ path: 'order' }] } });
    expect(recreated).toMatchObject({ status: 200, body: { orderExtId: doubtful.orderExtId, recreating: true } });
    expect(link).toMatchObject({ status: 200, body: { linked: 'AX-BY-HAND-1' } });
    expect((await douyinOrder(doubtful.orderId))?.work[WorkType.AxCreateOrder]?.state).toBe(WorkState.Done);
    expect((await douyinOrder(linked.orderId))?.axOrderCodes).toEqual(['AX-BY-HAND-1']);
    expect(notInDoubt.status).toBe(409);
  });

  it('refuses every action to a revenue manager, and a redrive where no DLQ is known', async () => {
    const { orderExtId } = await axOrder();
    const revenue = pool.token('mia', ['revenue']);
    for (const [action, body] of [
      ['retry', { order: orderExtId }],
      ['recreate-ax', { order: orderExtId }],
      ['link-ax', { order: orderExtId, axOrderCode: 'AX-1' }],
      ['redrive', {}],
    ] as const) {
      expect((await act(action, body, revenue)).status).toBe(403);
    }
    expect(await act('redrive', {})).toMatchObject({ status: 409, body: { errors: [{ path: 'dlq' }] } });
  });
});

describe('channel health', () => {
  it('shows each channel’s last call, its refusals in the last hour, the work owed and the last reconciliation', async () => {
    await axOrder();
    await stack.douyinPost('commit', commitBody(), { secret: 'wrong-secret' });
    await stores().reports.put('reconcile', Date.now() - 60_000, { checked: 12, driftCount: 1, unmappedCount: 0 }, 3600);

    const health = (await get('/admin/health')).body as {
      channels: { channel: string; lastCall: unknown; lastHour: unknown; owed: number; oldestOwedSeconds: number | null }[];
      reconciliation: unknown;
    };

    const douyin = health.channels.find((channel) => channel.channel === 'douyin');
    const partner = health.channels.find((channel) => channel.channel === 'partner');
    expect(douyin).toMatchObject({
      lastCall: { outcome: 'rejected' },
      lastHour: { calls: 2, rejected: 1, failed: 0 },
      owed: 1,
      oldestOwedSeconds: expect.any(Number),
    });
    expect(partner).toMatchObject({ lastCall: null, lastHour: { calls: 0 }, owed: 0, oldestOwedSeconds: null });
    expect(health.reconciliation).toMatchObject({ checked: 12, drift: 1, unmapped: 0 });
  });
});

describe('the console’s edges', () => {
  it('tells a refused create’s story, and finds nothing for an id under another channel’s filter', async () => {
    await stack.stores.orders.create({
      kind: 'refusal',
      channel: 'partner',
      orderId: '46000000000000000001',
      code: 'ORDER_NOT_FOUND',
      message: 'cancelled before any create',
      createdAt: Date.now(),
      version: 1,
    });
    const { orderId } = await axOrder();

    const story = await get('/admin/orders/46000000000000000001');
    const filtered = (await get(`/admin/orders?q=${orderId}&channel=partner`)).body as unknown as Listed;

    expect(story.body).toMatchObject({
      orders: [],
      refused: [{ channel: 'partner', refused: { code: 'ORDER_NOT_FOUND' } }],
    });
    expect(filtered.orders).toEqual([]);
  });

  it('counts an ARI push owed to the calendar room as its owed work, with its age', async () => {
    await stores().pushes.owe('douyinHotel', 'RT-FAM-SUITE', night(40), night(41), Date.now() - 90_000);

    const health = (await get('/admin/health')).body as {
      channels: { channel: string; owed: number; ariPushesOwed: number; oldestOwedSeconds: number }[];
    };

    expect(health.channels.find((channel) => channel.channel === 'douyinHotel')).toMatchObject({
      owed: 1,
      ariPushesOwed: 1,
      oldestOwedSeconds: expect.any(Number),
    });
  });
});

describe('an order whose guest data was erased', () => {
  it('shows no guest in the list nor in the story, and says when it was erased', async () => {
    const { orderId } = await axOrder({ customer_list: [{ surname: 'Zhang', given_name: 'San' }] });
    const ref = { channel: 'douyin', orderId };
    const order = (await stores().orders.get(ref)) as Order;
    await stores().orders.replace({ ...order, guestDataErasedAt: Date.now() }, order.version);

    const listed = ((await get(`/admin/orders?q=${orderId}`)).body as unknown as Listed).orders[0];
    const [story] = (await get(`/admin/orders/${orderId}`)).body.orders as {
      booking: Record<string, unknown>;
      times: Record<string, unknown>;
    }[];

    expect(listed?.guest).toBeNull();
    expect(story?.booking).toMatchObject({ guest: null, phone: null, email: null, guests: [] });
    expect(story?.times.guestDataErased).toEqual(expect.any(String));
  });
});

describe('a story found by an AX code, and a reconciliation that says little', () => {
  it('opens an order’s story by its AX order code, and shows a report’s missing figures as unknown', async () => {
    const { orderId } = await axOrder();
    await settle();
    const axCode = (await douyinOrder(orderId))?.axOrderCodes[0] ?? 'none';
    await stores().reports.put('reconcile', Date.now(), {}, 3600);

    const story = await get(`/admin/orders/${axCode}`);
    const health = (await get('/admin/health')).body;

    expect(story.body.orders).toEqual([expect.objectContaining({ orderId })]);
    expect(health.reconciliation).toMatchObject({ checked: null, drift: null, unmapped: null });
  });
});
