import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetConfig } from '../../lib/config/config.js';
import type { Order } from '../../lib/orders/index.js';
import { longPollOptions, sqs, workQueue } from '../../lib/queue/work-queue.js';
import { douyinOrder as getOrder } from '../../local/orders.js';
import { commitBody, douyinPost, type Harness, orderRef, queueIdle, startHarness, waitFor } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ workerConcurrency: 2 });
});
afterAll(() => harness.stop());
beforeEach(() => {
  harness.douyin.clearFaults();
  harness.ax.clearFaults();
  harness.ax.decision = 'Supplier confirm';
});

const busy = (code: number) => ({ body: { data: { error_code: code, description: 'busy' }, extra: { logid: 'x', now: 0 } } });

async function paidOrder(overrides: Record<string, unknown> = {}) {
  const body = commitBody({ status: 1, ...overrides });
  const reply = await douyinPost(harness.stack, 'commit', body);
  expect(reply.error_code).toBe(0);
  return { body, orderExtId: reply.order_ext_id as string };
}

async function settled(orderId: string, workId: string, state: 'done' | 'failed', timeoutMs = 15_000): Promise<Order> {
  return waitFor(
    async () => {
      const order = await getOrder(orderId);
      return order?.work[workId]?.state === state ? order : undefined;
    },
    timeoutMs,
    `${workId} ${state}`,
  );
}

async function deadLetters(): Promise<{ channel: string; orderId: string; workId: string }[]> {
  const { Messages } = await sqs().send(
    new ReceiveMessageCommand({ QueueUrl: harness.stack.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    longPollOptions(1),
  );
  return (Messages ?? []).map((message) => JSON.parse(message.Body ?? '{}'));
}

describe('worker: confirmation to Douyin', () => {
  it('confirms a paid order to Douyin within seconds, with one shared token', async () => {
    const started = Date.now();
    const { body, orderExtId } = await paidOrder();
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 5_000, 'Douyin status');
    expect(Date.now() - started).toBeLessThan(5_000);
    const call = harness.douyin.statusCalls.find((entry) => entry.body.order_id === body.order_id);
    expect(call?.body).toEqual({ supplier_ext_id: 'SUP-SEL-001', order_id: body.order_id, order_ext_id: orderExtId, status: 0 });
    expect(call?.token).toMatch(/^clt\./);
    const order = await settled(body.order_id, 'douyin.order-status', 'done');
    expect(order.attempts.map((attempt) => attempt.outcome)).toEqual(['delivered']);
  });

  it.each([
    ['busy codes', [busy(2100004), busy(2119003)]],
    ['5xx answers', [{ httpStatus: 502 }, { httpStatus: 503, body: 'oops' }]],
    ['a slow answer past the 5 s timeout', [{ delayMs: 5_500 }]],
  ])('retries %s with backoff, then delivers', async (_name, faults) => {
    harness.douyin.failNext('status', ...faults);
    const { body } = await paidOrder();
    const order = await settled(body.order_id, 'douyin.order-status', 'done', 25_000);
    expect(order.attempts.map((attempt) => attempt.outcome)).toEqual([...faults.map(() => 'retry'), 'delivered']);
    expect(harness.douyin.acceptedStatus(body.order_id)).toBe(0);
  });

  it('refreshes an expired token once and retries the call', async () => {
    await paidOrder().then(({ body }) => settled(body.order_id, 'douyin.order-status', 'done'));
    const tokensBefore = harness.douyin.tokenCalls;
    harness.douyin.expireTokens();
    const { body } = await paidOrder();
    const order = await settled(body.order_id, 'douyin.order-status', 'done');
    expect(harness.douyin.tokenCalls).toBe(tokensBefore + 1);
    expect(order.attempts.map((attempt) => attempt.outcome)).toEqual(['delivered']);
  });

  it('fails a parameter error at once, sends it to the DLQ and stops', async () => {
    harness.douyin.failNext('status', busy(2100005));
    const { body } = await paidOrder();
    const order = await settled(body.order_id, 'douyin.order-status', 'failed');
    expect(order.work['douyin.order-status']?.lastError).toContain('2100005');
    expect(order.work['douyin.order-status']?.attempts).toBe(1);
    expect(await waitFor(async () => (await deadLetters()).find((message) => message.orderId === body.order_id))).toEqual({
      channel: 'douyin',
      orderId: body.order_id,
      workId: 'douyin.order-status',
    });
  });

  it('gives up after MAX_ATTEMPTS (4 here) and marks the work failed with its last error', async () => {
    harness.douyin.failNext('status', busy(2100004), busy(2100004), busy(2100004), busy(2100004));
    const { body } = await paidOrder();
    const order = await settled(body.order_id, 'douyin.order-status', 'failed', 30_000);
    expect(order.work['douyin.order-status']?.attempts).toBe(4);
    expect(order.attempts.map((attempt) => attempt.outcome)).toEqual(['retry', 'retry', 'retry', 'failed']);
    expect(harness.douyin.acceptedStatus(body.order_id)).toBeUndefined();
  });
});

describe('worker: malformed messages', () => {
  it('sends a message it cannot read to the DLQ with its body as it was', async () => {
    await sqs().send(new SendMessageCommand({ QueueUrl: harness.stack.queueUrl, MessageBody: 'garbage {' }));
    const body = await waitFor(
      async () => {
        const { Messages } = await sqs().send(
          new ReceiveMessageCommand({ QueueUrl: harness.stack.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          longPollOptions(1),
        );
        return Messages?.find((message) => message.Body === 'garbage {')?.Body;
      },
      10_000,
      'the malformed message in the DLQ',
    );
    expect(body).toBe('garbage {');
  });
});

describe('worker: AX Cloud', () => {
  it('creates the AX order, polls until the supplier confirms and tells Douyin 0', async () => {
    harness.ax.decision = 'Supplier confirm';
    const { body, orderExtId } = await paidOrder({ spu_ext_id: 'RT-STD-KING', reserve_amount: 2 });
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 10_000, 'Douyin status 0');
    const [axOrder] = harness.ax.ordersFor(orderExtId);
    expect(axOrder?.body).toMatchObject({
      order: { channel_order_id: orderExtId, currency: 'KRW' },
      options: [{ quantity: 4, amount_price: '480000' }],
    });
    const order = await getOrder(body.order_id);
    expect(order?.axOrderCodes).toEqual([axOrder?.axOrderCode]);
    expect(order?.confirmStatus).toBe(0);
  });

  it('tells Douyin 2 when the supplier rejects', async () => {
    harness.ax.decision = 'SUPPLIER REJECT';
    const { body } = await paidOrder({ spu_ext_id: 'RT-STD-KING' });
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 2, 10_000, 'Douyin status 2');
  });

  it('retries a 500 from AX create and still makes exactly one AX order', async () => {
    harness.ax.failNext('create', { httpStatus: 500 }, { httpStatus: 429, body: { detail: 'slow down' } });
    const { body, orderExtId } = await paidOrder({ spu_ext_id: 'RT-STD-KING' });
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 15_000, 'Douyin status 0');
    expect(harness.ax.ordersFor(orderExtId)).toHaveLength(1);
  });

  it('fails a 403 from AX at once', async () => {
    harness.ax.failNext('create', { httpStatus: 403, body: { detail: '이 작업을 수행할 권한(permission)이 없습니다.' } });
    const { body } = await paidOrder({ spu_ext_id: 'RT-STD-KING' });
    const order = await settled(body.order_id, 'ax.create-order', 'failed');
    expect(order.work['ax.create-order']?.lastError).toContain('HTTP 403');
  });

  it('stops polling a supplier who never decides after AX_POLL_LIMIT_SECONDS and fails the work visibly', async () => {
    harness.ax.decision = 'Supplier pending';
    process.env.AX_POLL_LIMIT_SECONDS = '2';
    resetConfig();
    try {
      const { body } = await paidOrder({ spu_ext_id: 'RT-STD-KING' });
      const order = await settled(body.order_id, 'ax.poll-order', 'failed', 15_000);
      expect(order.work['ax.poll-order']?.lastError).toMatch(/^AX has not decided after 0 h \(AX status Supplier pending\)$/);
      expect(order.attempts.filter((attempt) => attempt.outcome === 'pending').length).toBeGreaterThanOrEqual(1);
      expect(harness.douyin.acceptedStatus(body.order_id)).toBeUndefined();
    } finally {
      delete process.env.AX_POLL_LIMIT_SECONDS;
      resetConfig();
    }
  });

  it('cancels every linked AX order when Douyin cancels', async () => {
    harness.ax.decision = 'Supplier pending';
    const { body, orderExtId } = await paidOrder({ spu_ext_id: 'RT-STD-KING' });
    const created = await waitFor(async () => (await getOrder(body.order_id))?.axOrderCodes[0], 10_000, 'AX code');
    await douyinPost(harness.stack, 'cancel', { ...orderRef(body, orderExtId), order_status: 1 });
    await settled(body.order_id, `ax.cancel-order:${created}`, 'done');
    expect(harness.ax.orders.get(created)?.status).toBe('Traveler cancel');
    expect(harness.ax.cancels.find((entry) => entry.axOrderCode === created)?.body).toMatchObject({
      ax_status: 'Traveler cancel',
      channel_status: 'Traveler cancel',
    });
  });

  it('fails an AX cancel answered 404 at once', async () => {
    harness.ax.decision = 'Supplier pending';
    const { body, orderExtId } = await paidOrder({ spu_ext_id: 'RT-STD-KING' });
    const code = await waitFor(async () => (await getOrder(body.order_id))?.axOrderCodes[0], 10_000, 'AX code');
    harness.ax.failNext('cancel', { httpStatus: 404, body: { detail: '찾을 수 없습니다.' } });
    await douyinPost(harness.stack, 'cancel', { ...orderRef(body, orderExtId), order_status: 1 });
    const order = await settled(body.order_id, `ax.cancel-order:${code}`, 'failed');
    expect(order.work[`ax.cancel-order:${code}`]?.lastError).toContain('HTTP 404');
  });

  it('ends with the AX order cancelled when the cancel arrives while the create is in flight', async () => {
    harness.ax.failNext('create', { delayMs: 1_500, thenNormal: true });
    const { body, orderExtId } = await paidOrder({ spu_ext_id: 'RT-STD-KING' });
    await waitFor(
      async () => ((await getOrder(body.order_id))?.work['ax.create-order']?.leaseUntil ?? 0) > 0,
      5_000,
      'create in flight',
    );
    const reply = await douyinPost(harness.stack, 'cancel', { ...orderRef(body, orderExtId), order_status: 1 });
    expect(reply.error_code).toBe(0);
    const axOrder = await waitFor(
      () => {
        const [made] = harness.ax.ordersFor(orderExtId);
        return made?.status === 'Traveler cancel' ? made : undefined;
      },
      15_000,
      'AX order cancelled',
    );
    expect(harness.ax.ordersFor(orderExtId)).toHaveLength(1);
    await settled(body.order_id, `ax.cancel-order:${axOrder.axOrderCode}`, 'done');
    expect(harness.douyin.acceptedStatus(body.order_id)).toBeUndefined();
  });

  it('ends a payment racing a cancel with at most one AX order, and that one cancelled', async () => {
    // Commit unpaid, pay and cancel at once: whichever comes first, nothing stays booked in AX.
    const body = commitBody({ spu_ext_id: 'RT-STD-KING' });
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    const ref = orderRef(body, order_ext_id as string);
    await Promise.all([
      douyinPost(harness.stack, 'status', { ...ref, status: 1 }),
      douyinPost(harness.stack, 'cancel', { ...ref, order_status: 1 }),
    ]);
    await queueIdle(harness.stack);
    const order = await getOrder(body.order_id);
    expect(order?.status).toBe('CANCELLED');
    // Either the cancel won (no AX order) or the create ran first and its AX order was then cancelled.
    const made = harness.ax.ordersFor(order_ext_id as string);
    expect(made.length).toBeLessThanOrEqual(1);
    if (made.length === 1) await waitFor(() => made[0]?.status === 'Traveler cancel', 10_000, 'AX cancel');
  });

  it('turns ten duplicate messages for one create into one AX order', async () => {
    harness.ax.failNext('create', { delayMs: 500, thenNormal: true });
    const { body, orderExtId } = await paidOrder({ spu_ext_id: 'RT-STD-KING' });
    await workQueue().send(
      Array.from({ length: 10 }, () => ({ channel: 'douyin' as const, orderId: body.order_id, workId: 'ax.create-order' })),
    );
    await settled(body.order_id, 'ax.create-order', 'done');
    await queueIdle(harness.stack);
    expect(
      harness.ax.creates.filter((create) => (create.order as { channel_order_id: string }).channel_order_id === orderExtId),
    ).toHaveLength(1);
  });
});
