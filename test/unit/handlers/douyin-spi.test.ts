/**
 * Douyin's SPI handlers and the worker on the in-memory stores: the chain (signature, body, envelope,
 * history), the repeat rules under races, the allotment under concurrent commits, and the confirmation the
 * worker sends. Prepare / Act / Assess in each.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { night } from '../../../local/calendar.js';
import { douyinOrder } from '../../../local/orders.js';
import { captureMetrics } from '../../support/metrics.js';
import { commitBody, orderRef, startUnitStack, type UnitStack } from './unit-stack.js';

vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

let stack: UnitStack;
let metrics: ReturnType<typeof captureMetrics>;
beforeEach(async () => {
  stack = await startUnitStack();
  metrics = captureMetrics();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await stack.stop();
});

const history = (orderId: string) => stack.stores.history.list({ channel: 'douyin', orderId });

describe('the Douyin SPI handlers on the in-memory stores', () => {
  it('commits once, answers the flat and the data-wrapped envelope, keeps the request, and tells Douyin once paid', async () => {
    // Prepare
    const body = commitBody({ status: 1 });

    // Act
    const reply = await stack.douyinPost('commit', body);
    await stack.drain();

    // Assess
    expect(reply).toMatchObject({
      error_code: 0,
      description: 'success',
      data: { error_code: 0, order_ext_id: reply.order_ext_id },
    });
    expect(await douyinOrder(body.order_id)).toMatchObject({ channel: 'douyin', status: 'PAID', confirmStatus: 0 });
    const [entry] = await history(body.order_id);
    expect(entry).toMatchObject({ route: 'commit', authenticated: true, outcome: { code: 0 }, rawBody: JSON.stringify(body) });
    expect(stack.douyin.acceptedStatus(body.order_id)).toBe(0);
  });

  it('answers 25 racing duplicates of a commit with one order_ext_id, and counts 24 of them as repeats', async () => {
    const body = commitBody();
    const replies = await Promise.all(Array.from({ length: 25 }, () => stack.douyinPost('commit', body)));
    expect(new Set(replies.map((reply) => reply.order_ext_id)).size).toBe(1);
    expect(replies.every((reply) => reply.error_code === 0)).toBe(true);
    expect(metrics.counted('Duplicate', { route: 'commit' })).toBe(24);
    expect(await history(body.order_id)).toHaveLength(25);
  });

  it.each([
    ['cancel', (ref: ReturnType<typeof orderRef>) => ({ ...ref, order_status: 0 })],
    ['status', (ref: ReturnType<typeof orderRef>) => ({ ...ref, status: 1 })],
  ] as const)('counts every racing repeat of a %s as a duplicate, whichever writer won', async (route, bodyOf) => {
    // Prepare
    const body = commitBody();
    const { order_ext_id } = await stack.douyinPost('commit', body);
    metrics.clear();

    // Act: ten at once; one of them changes the order, the others lose the race to it.
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => stack.douyinPost(route, bodyOf(orderRef(body, String(order_ext_id))))),
    );

    // Assess
    expect(replies.every((reply) => reply.error_code === 0)).toBe(true);
    expect(metrics.counted('Duplicate', { route })).toBe(9);
  });

  it('holds exactly as many rooms as there are to twelve concurrent commits for the last three, and confirms the rest 2', async () => {
    // Prepare: RT-FAM-SUITE has 3 rooms on night 23.
    const bodies = Array.from({ length: 12 }, () =>
      commitBody({ spu_ext_id: 'RT-FAM-SUITE', status: 1, check_in: night(23), check_out: night(24), total_price: 128800 }),
    );

    // Act
    const replies = await Promise.all(bodies.map((body) => stack.douyinPost('commit', body)));
    await stack.drain();

    // Assess: every commit is taken (Douyin has them); three hold, nine were out of stock.
    expect(replies.every((reply) => reply.error_code === 0)).toBe(true);
    const orders = await Promise.all(bodies.map((body) => douyinOrder(body.order_id)));
    expect(orders.filter((order) => order?.inventory?.state === 'held')).toHaveLength(3);
    expect(orders.filter((order) => order?.inventory?.state === 'out-of-stock')).toHaveLength(9);
    expect(bodies.map((body) => stack.douyin.acceptedStatus(body.order_id)).sort()).toEqual([0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    const stored = (await stack.stores.nights.read('RT-FAM-SUITE')).get(night(23));
    expect(stored).toMatchObject({ allotment: 3, held: 3, available: 0 });
  });

  it('gives the nights back once when an order is cancelled, however often the cancel is repeated', async () => {
    const body = commitBody({
      spu_ext_id: 'RT-FAM-SUITE',
      check_in: night(0),
      check_out: night(2),
      reserve_amount: 2,
      total_price: 0,
    });
    const { order_ext_id } = await stack.douyinPost('commit', body);
    const cancel = { ...orderRef(body, String(order_ext_id)), order_status: 0 };

    await Promise.all([stack.douyinPost('cancel', cancel), stack.douyinPost('cancel', cancel)]);
    await stack.douyinPost('cancel', cancel);
    await stack.drain();

    expect((await douyinOrder(body.order_id))?.inventory?.state).toBe('released');
    const nights = await stack.stores.nights.read('RT-FAM-SUITE');
    expect([nights.get(night(0)), nights.get(night(1))]).toEqual([
      expect.objectContaining({ held: 0, available: 8 }),
      expect.objectContaining({ held: 0, available: 8 }),
    ]);
  });

  it.each([
    ['a body that is not JSON', { rawBody: '{' }, 40001, 'body: is not JSON'],
    ['a missing field', { body: { ...commitBody(), total_price: undefined } }, 40001, 'total_price: is required'],
    [
      'a room type not in the catalog',
      { body: commitBody({ spu_ext_id: 'RT-NONE' }) },
      40402,
      'spu_ext_id: RT-NONE is not in the catalog',
    ],
    ['a wrong signature', { body: commitBody(), secret: 'wrong' }, 40101, 'signature: x-life-sign does not match'],
    ['no signature', { body: commitBody(), secret: null }, 40101, 'signature: x-life-sign header is missing'],
    [
      'a body over 64 KiB',
      { rawBody: `{"remark":"${'x'.repeat(70_000)}"}` },
      41301,
      'body: 70013 bytes is larger than the 65536-byte limit',
    ],
  ] as const)('refuses %s with its code, naming what is wrong', async (_name, input, code, description) => {
    const { body, ...options }: { body?: unknown; rawBody?: string; secret?: string | null } = input;
    const reply = await stack.douyinPost('commit', body, options);
    expect(reply).toMatchObject({ error_code: code, description, data: { error_code: code } });
  });

  it('keeps only the metadata of a request that fails its signature', async () => {
    const body = commitBody();
    await stack.douyinPost('commit', body, { secret: 'wrong' });
    const day = new Date().toISOString().slice(0, 10);
    const [kept] = await stack.stores.history.listUnmatched(day);
    // A stranger's body is not read: not even the order id it names.
    expect(kept).toMatchObject({ authenticated: false, outcome: { code: 40101 } });
    expect(kept?.orderId).toBeUndefined();
    expect(kept?.rawBody).toBeUndefined();
  });

  it('answers 40901 for the same order_id with other content, and 40902 for a payment after the cancel', async () => {
    const body = commitBody();
    const { order_ext_id } = await stack.douyinPost('commit', body);
    expect(await stack.douyinPost('commit', { ...body, total_price: 1 })).toMatchObject({ error_code: 40901 });
    await stack.douyinPost('cancel', { ...orderRef(body, String(order_ext_id)), order_status: 0 });
    expect(await stack.douyinPost('status', { ...orderRef(body, String(order_ext_id)), status: 1 })).toMatchObject({
      error_code: 40902,
    });
  });
});
