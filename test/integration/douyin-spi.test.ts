import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../lib/store/dynamodb/client.js';
import { stores } from '../../lib/store/stores.js';
import { douyinOrder as getOrder } from '../../local/orders.js';
import { commitBody, douyinPost, type Harness, orderRef, startHarness } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ worker: false });
});
afterAll(() => harness.stop());

describe('Douyin SPI through the local HTTP server', () => {
  it('commits, takes the payment notice and cancels with SPEC §2 answers (both envelopes)', async () => {
    const body = commitBody();
    const committed = await douyinPost(harness.stack, 'commit', body);
    expect(committed).toMatchObject({
      error_code: 0,
      description: 'success',
      data: { error_code: 0, order_ext_id: committed.order_ext_id },
    });
    expect(committed.order_ext_id).toMatch(/^HUB/);

    const paid = await douyinPost(
      harness.stack,
      'status',
      { ...orderRef(body, committed.order_ext_id as string), status: 1 },
      { slash: true },
    );
    expect(paid).toMatchObject({ error_code: 0, status: 0, data: { status: 0 } });

    const cancelled = await douyinPost(harness.stack, 'cancel', {
      ...orderRef(body, committed.order_ext_id as string),
      order_status: 1,
    });
    expect(cancelled).toMatchObject({ error_code: 0, status: 0 });

    const order = await getOrder(body.order_id);
    expect(order?.status).toBe('CANCELLED');
    expect(order?.booking.customerPhone).toBe('13800138000');
    const history = await stores().history.list({ channel: 'douyin', orderId: body.order_id });
    expect(history.map((entry) => [entry.route, entry.outcome.code])).toEqual([
      ['commit', 0],
      ['status', 0],
      ['cancel', 0],
    ]);
    expect(history[0]?.rawBody).toBe(JSON.stringify(body));
    expect(history[0]?.headers['x-life-sign']).toBeUndefined();
  });

  it('answers status 1 (price changed) when the total disagrees with the nightly prices', async () => {
    const body = commitBody({ status: 1, total_price: 100 });
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    const reply = await douyinPost(harness.stack, 'status', { ...orderRef(body, order_ext_id as string), status: 1 });
    expect(reply.status).toBe(1);
  });

  it('makes exactly one order from 25 concurrent duplicate commits, reading no order to answer them', async () => {
    const body = commitBody({ status: 1 });
    const operations: string[] = [];
    await stores().catalog.roomType(body.spu_ext_id); // the room type is cached, as on a warm Lambda
    dynamo().middlewareStack.add(
      (next, context) => (args) => {
        operations.push(context.commandName ?? '');
        return next(args);
      },
      { step: 'initialize', name: 'countDuplicateCommits' },
    );
    const replies = await Promise.all(Array.from({ length: 25 }, () => douyinPost(harness.stack, 'commit', body)));
    dynamo().middlewareStack.remove('countDuplicateCommits');
    // Each duplicate learns the stored order from its failed conditional put (DynamoDB returns the item);
    // the one Query each is the paid commit's read of the stay's nightly prices, before the put.
    // Beside its history, each request adds itself to the channel's calls of the minute (one UpdateItem).
    expect(operations.filter((name) => !['PutItemCommand', 'QueryCommand', 'UpdateItemCommand'].includes(name))).toEqual([]);
    expect(operations.filter((name) => name === 'QueryCommand').length).toBe(25);
    expect(operations.filter((name) => name === 'UpdateItemCommand').length).toBe(25);
    expect(new Set(replies.map((reply) => reply.error_code))).toEqual(new Set([0]));
    expect(new Set(replies.map((reply) => reply.order_ext_id)).size).toBe(1);
    const order = await getOrder(body.order_id);
    expect(order?.orderExtId).toBe(replies[0]?.order_ext_id);
    expect(Object.keys(order?.work ?? {})).toEqual(['douyin.order-status']);
    expect((await stores().history.list({ channel: 'douyin', orderId: body.order_id })).length).toBe(25);
  });

  it('answers 40901 for the same order_id with different content', async () => {
    const body = commitBody();
    await douyinPost(harness.stack, 'commit', body);
    const reply = await douyinPost(harness.stack, 'commit', { ...body, total_price: body.total_price + 1 });
    expect(reply).toMatchObject({ error_code: 40901, description: expect.stringContaining('order_id') });
  });

  it('treats a repeated commit marked paid as the payment', async () => {
    const body = commitBody();
    const first = await douyinPost(harness.stack, 'commit', body);
    const again = await douyinPost(harness.stack, 'commit', { ...body, status: 1 });
    expect(again.order_ext_id).toBe(first.order_ext_id);
    expect((await getOrder(body.order_id))?.status).toBe('PAID');
  });

  it('answers repeated payment and cancel calls as the first time', async () => {
    const body = commitBody();
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    const ref = orderRef(body, order_ext_id as string);
    const payments = [
      await douyinPost(harness.stack, 'status', { ...ref, status: 1 }),
      await douyinPost(harness.stack, 'status', { ...ref, status: 1 }),
    ];
    expect(payments.map((reply) => [reply.error_code, reply.status])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const cancels = [
      await douyinPost(harness.stack, 'cancel', { ...ref, order_status: 1 }),
      await douyinPost(harness.stack, 'cancel', { ...ref, order_status: 1 }),
    ];
    expect(cancels.map((reply) => [reply.error_code, reply.status])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const late = await douyinPost(harness.stack, 'status', { ...ref, status: 1 });
    expect(late.error_code).toBe(40902);
  });

  it.each([
    ['a body that is not JSON', { rawBody: '{not json' }, 40001, 'body: is not JSON'],
    ['a missing field', { body: { ...commitBody(), customer_name: undefined } }, 40001, 'customer_name: is required'],
    ['an unknown room type', { body: commitBody({ spu_ext_id: 'RT-NOPE' }) }, 40402, 'spu_ext_id: RT-NOPE is not in the catalog'],
    ['a wrong signature', { body: commitBody(), secret: 'wrong' }, 40101, 'signature: x-life-sign does not match'],
    ['no signature', { body: commitBody(), secret: null }, 40101, 'signature: x-life-sign header is missing'],
    [
      'a stale timestamp',
      { body: commitBody(), timestamp: Date.now() - 6 * 60_000 },
      40101,
      'signature: timestamp is more than 5 minutes away from now',
    ],
    ['a body over 64 KiB', { body: commitBody({ remark: 'x'.repeat(70_000) }) }, 41301, 'larger than the 65536-byte limit'],
  ])('rejects %s and keeps answering', async (_name, input, code, description) => {
    const reply = await douyinPost(
      harness.stack,
      'commit',
      'body' in input ? input.body : undefined,
      input as { secret?: string | null; timestamp?: number; rawBody?: string },
    );
    expect(reply.error_code).toBe(code);
    expect(reply.data.error_code).toBe(code);
    expect(reply.description).toContain(description);
    const health = await fetch(`${harness.stack.url}/health`);
    expect(health.status).toBe(200);
  });

  it('answers 40401 for an unknown order and for an order_ext_id of another order', async () => {
    const body = commitBody();
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    const unknown = await douyinPost(harness.stack, 'cancel', { ...orderRef(commitBody(), 'HUBX'), order_status: 0 });
    expect(unknown.error_code).toBe(40401);
    const mismatched = await douyinPost(harness.stack, 'status', { ...orderRef(body, `${order_ext_id}X`), status: 1 });
    expect(mismatched).toMatchObject({ error_code: 40401, description: expect.stringContaining('order_ext_id') });
  });

  it('keeps requests that match no order in the unmatched history', async () => {
    const reply = await douyinPost(harness.stack, 'commit', undefined, { rawBody: '{"broken":' });
    expect(reply.error_code).toBe(40001);
    const day = new Date().toISOString().slice(0, 10);
    const unmatched = await stores().history.listUnmatched(day);
    expect(unmatched.some((entry) => entry.rawBody === '{"broken":' && entry.outcome.code === 40001)).toBe(true);
  });

  it('answers 404 for a route that does not exist', async () => {
    const response = await fetch(`${harness.stack.url}/poi/ext/hotel/order/nope`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
  });
});
