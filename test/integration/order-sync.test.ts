import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitBody, douyinPost, type Harness, orderRef, queueIdle, startHarness, waitFor } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ env: { DOUYIN_ORDER_SYNC: 'on' } });
});
afterAll(() => harness.stop());

describe('order sync to Douyin (DOUYIN_ORDER_SYNC=on)', () => {
  it('sends /poi/order/sync/ as a 140 order on each state change, without personal data', async () => {
    const body = commitBody({ status: 1, customer_name: '赵六' });
    const started = Date.now();
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    const synced = (status: string) =>
      harness.douyin.syncCalls.find(
        (call) =>
          JSON.parse(String(call.body.order_detail)).order_id === body.order_id &&
          JSON.parse(String(call.body.order_detail)).status === status,
      );

    const paid = await waitFor(() => synced('PAID'), 10_000, 'sync of the paid order');
    expect(paid.body).toMatchObject({ order_type: 140, ext_shop_info: { ext_shop_id: 'SUP-SEL-001' } });
    expect(Number(paid.body.date_time)).toBeGreaterThanOrEqual(started);
    expect(typeof paid.body.order_detail).toBe('string');
    expect(JSON.parse(String(paid.body.order_detail))).toMatchObject({
      order_id: body.order_id,
      order_ext_id,
      confirm_status: 0,
      total_price: body.total_price,
    });
    expect(String(paid.body.order_detail)).not.toContain('赵六');
    expect(paid.token).toMatch(/^clt\./);

    await douyinPost(harness.stack, 'cancel', { ...orderRef(body, order_ext_id as string), order_status: 1 });
    await waitFor(() => synced('CANCELLED'), 10_000, 'sync of the cancellation');
  });

  it('still sends the newer state when the order changes while a sync is in flight', async () => {
    // Prepare: Douyin holds the first sync, so the cancel lands while it is on its way.
    harness.douyin.failNext('sync', { delayMs: 800, thenNormal: true });
    const body = commitBody({ status: 1 });
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    await waitFor(() => harness.douyin.callsOf('sync') >= 1, 10_000, 'the first sync to be on its way');

    // Act
    await douyinPost(harness.stack, 'cancel', { ...orderRef(body, order_ext_id as string), order_status: 1 });

    // Assess: the last state Douyin hears of is the cancellation.
    await waitFor(
      () => {
        const mine = harness.douyin.syncCalls.filter(
          (call) => JSON.parse(String(call.body.order_detail)).order_id === body.order_id,
        );
        return mine.length > 0 && JSON.parse(String(mine.at(-1)?.body.order_detail)).status === 'CANCELLED';
      },
      10_000,
      'the cancellation synced after the in-flight sync',
    );
  });

  it('syncs the confirmation AX decides, and nothing for writes that only record work', async () => {
    harness.ax.decision = 'Supplier confirm';
    const body = commitBody({ status: 1, spu_ext_id: 'RT-STD-KING' });
    await douyinPost(harness.stack, 'commit', body);
    const details = () =>
      harness.douyin.syncCalls
        .map((call) => JSON.parse(String(call.body.order_detail)))
        .filter((detail) => detail.order_id === body.order_id);

    await waitFor(
      () => details().some((detail) => detail.confirm_status === 0) || undefined,
      10_000,
      'sync of the AX confirmation',
    );
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0 || undefined, 10_000, 'Douyin status');
    await queueIdle(harness.stack);

    // Paid (3, confirming), AX order created (3), AX confirmed (0): never a sync per delivery or attempt.
    expect(details().length).toBeLessThanOrEqual(3);
    expect(details().at(-1)).toMatchObject({ status: 'PAID', confirm_status: 0 });
  });
});
