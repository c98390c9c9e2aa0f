/**
 * When AWS itself misbehaves (SPEC §9), on DynamoDB Local and fauxqs behind the stand-in that answers as
 * the services do: throttling and 5xx in their wire forms, a connection cut after the write, a connection
 * that never answers, and DynamoDB's transaction conflicts. What must hold: answers within 3 s, the retry
 * code when the work cannot be done in time, nothing lost or doubled, and hot nights not refused.
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { night } from '../../local/calendar.js';
import { douyinOrder } from '../../local/orders.js';
import { commitBody, douyinPost, type Harness, orderRef, startHarness, waitFor } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ chaos: { dynamodb: { conflicts: true } }, env: { SWEEP_GRACE_SECONDS: '1' } });
});
afterAll(async () => {
  await harness.stop();
});
beforeEach(() => {
  harness.stack.chaos?.dynamodb.setRates({});
  harness.stack.chaos?.sqs.setRates({});
});

const chaos = () => {
  const stand = harness.stack.chaos;
  if (stand === undefined) throw new Error('the stack has no stand-in');
  return stand;
};

/** A request's reply and how long it took. */
async function timed<T>(request: Promise<T>): Promise<{ reply: T; ms: number }> {
  const started = Date.now();
  const reply = await request;
  return { reply, ms: Date.now() - started };
}

describe('when AWS misbehaves', () => {
  it('answers within 3 s when the order’s write hangs: the SDK cuts it at 1 s and tries again', async () => {
    chaos().dynamodb.failNext('PutItem', 'hang');
    const body = commitBody({ status: 1 });

    const { reply, ms } = await timed(douyinPost(harness.stack, 'commit', body));

    expect(reply.error_code).toBe(0);
    expect(ms).toBeLessThan(3_000);
    expect(chaos().dynamodb.counts.hang).toBeGreaterThanOrEqual(1);
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 10_000, 'Douyin told');
  });

  it('answers 100 within 3 s when every try hangs, and the retry Douyin sends then makes the one order', async () => {
    // Prepare: every PutItem hangs while the commit is tried.
    chaos().dynamodb.setRates({ hang: 1 });
    const body = commitBody({ status: 1 });

    // Act
    const { reply, ms } = await timed(douyinPost(harness.stack, 'commit', body));
    chaos().dynamodb.setRates({});
    const retried = await douyinPost(harness.stack, 'commit', body);

    // Assess: the retry code in time, then one order, told to Douyin once.
    expect(reply.error_code).toBe(100);
    expect(ms).toBeLessThan(3_000);
    expect(retried.error_code).toBe(0);
    expect((await douyinOrder(body.order_id))?.orderExtId).toBe(retried.order_ext_id);
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 10_000, 'Douyin told');
  });

  it('answers a commit whose write happened but whose answer was cut with its own order_ext_id, once', async () => {
    chaos().dynamodb.failNext('PutItem', 'cutAfterWrite');
    const body = commitBody({ status: 1 });

    const reply = await douyinPost(harness.stack, 'commit', body);

    expect(reply.error_code).toBe(0);
    expect((await douyinOrder(body.order_id))?.orderExtId).toBe(reply.order_ext_id);
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 10_000, 'Douyin told');
    expect(harness.douyin.statusCalls.filter((call) => call.body.order_id === body.order_id)).toHaveLength(1);
  });

  it('rides out DynamoDB throttling and 5xx in their wire forms', async () => {
    chaos().dynamodb.failNext('PutItem', 'throttle', 'serverError');
    const body = commitBody();
    const reply = await douyinPost(harness.stack, 'commit', body);
    expect(reply.error_code).toBe(0);
    expect(chaos().dynamodb.counts.throttle + chaos().dynamodb.counts.serverError).toBeGreaterThanOrEqual(2);
  });

  it('delivers the work of a commit whose queue send was throttled, through the sweeper', async () => {
    chaos().sqs.failNext('SendMessage', 'throttle', 'throttle', 'throttle');
    const body = commitBody({ status: 1 });
    expect((await douyinPost(harness.stack, 'commit', body)).error_code).toBe(0);
    await waitFor(
      async () => {
        await harness.stack.sweep();
        return harness.douyin.acceptedStatus(body.order_id) === 0;
      },
      15_000,
      'the swept work delivered',
    );
  });

  it('never answers 100 to thirty concurrent commits for the same nights with conflicts on, and holds exactly the rooms there are', async () => {
    // Prepare: night 23 has 3 rooms of RT-FAM-SUITE; thirty guests want it at once.
    const bodies = Array.from({ length: 30 }, () =>
      commitBody({ spu_ext_id: 'RT-FAM-SUITE', status: 1, check_in: night(23), check_out: night(24), total_price: 128800 }),
    );

    // Act
    const replies = await Promise.all(bodies.map((body) => douyinPost(harness.stack, 'commit', body)));

    // Assess
    expect(replies.map((reply) => reply.error_code)).toEqual(bodies.map(() => 0));
    const orders = await Promise.all(bodies.map((body) => douyinOrder(body.order_id)));
    expect(orders.filter((order) => order?.inventory?.state === 'held')).toHaveLength(3);
    expect(orders.filter((order) => order?.inventory?.state === 'out-of-stock')).toHaveLength(27);
    expect(chaos().dynamodb.counts.transactionConflict).toBe(0);
  });

  it('gives the nights back once when a cancel’s write is cut after it happened', async () => {
    const body = commitBody({ spu_ext_id: 'RT-FAM-SUITE', check_in: night(35), check_out: night(37), total_price: 0 });
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    chaos().dynamodb.failNext('UpdateItem', 'cutAfterWrite');

    const reply = await douyinPost(harness.stack, 'cancel', { ...orderRef(body, String(order_ext_id)), order_status: 0 });

    expect(reply.error_code).toBe(0);
    await waitFor(async () => (await douyinOrder(body.order_id))?.inventory?.state === 'released', 10_000, 'released');
  });
});
