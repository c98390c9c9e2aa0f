/**
 * Guest data erased on time (SPEC §7), end to end on DynamoDB Local: the retention Lambda as the daily
 * schedule runs it, `ops scrub`, and `ops show`.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../lib/config/config.js';
import { ERASED } from '../../lib/orders/index.js';
import { eraseExpiredGuestData } from '../../lib/privacy/retention.js';
import { dynamo } from '../../lib/store/dynamodb/client.js';
import { Keys } from '../../lib/store/dynamodb/table.js';
import { douyinOrder as getOrder } from '../../local/orders.js';
import { commitBody, douyinPost, type Harness, ops, opsDataDir, orderRef, startHarness } from './harness.js';

const NAME = '司马相如';
const PHONE = '13712345678';
const data = opsDataDir('retention');
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ worker: false, endpointsFile: data.endpointsFile, env: { PII_RETENTION_DAYS: '30' } });
  // Only now: the stack itself keeps its data in memory; ops finds it through the endpoints file here.
  process.env.DATA_DIR = data.dir;
});
afterAll(async () => {
  await harness.stop();
  data.remove();
});

/** Every item in an order's partition (the order and its history), as text. */
async function partition(orderId: string): Promise<string> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: getConfig().tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': Keys.order({ channel: 'douyin', orderId }).pk },
    }),
  );
  return JSON.stringify(Items);
}

/** A committed, paid and cancelled order of the guest, and a refused repeat with other content. */
async function bookedStay(checkIn: string, checkOut: string) {
  const body = commitBody({
    customer_name: NAME,
    customer_phone: PHONE,
    customer_list: [{ cn_name: NAME }],
    remark: `请致电 ${PHONE}`,
    check_in: checkIn,
    check_out: checkOut,
    total_price: 58800,
  });
  const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
  await douyinPost(harness.stack, 'commit', { ...body, total_price: 1 }); // 40901, kept on the order
  await douyinPost(harness.stack, 'status', { ...orderRef(body, order_ext_id as string), status: 1 });
  await douyinPost(harness.stack, 'cancel', orderRef(body, order_ext_id as string));
  return { orderId: body.order_id, orderExtId: order_ext_id as string };
}

describe('guest data retention', () => {
  it('erases name, phone, customer list and remark on the order and in its raw bodies, once, after PII_RETENTION_DAYS', async () => {
    // Prepare: a stay that ended 40 days ago, and one that ends next month.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const old = await bookedStay(day(-41), day(-40));
    const recent = await bookedStay(day(30), day(31));
    const before = await getOrder(old.orderId);
    expect(await partition(old.orderId)).toContain(PHONE);

    // Act: the daily schedule's run, through the Lambda handler.
    const run = (await harness.stack.eraseDueGuestData()) as { orders: number; historyEntries: number; more: boolean };

    // Assess
    expect(run).toMatchObject({ orders: 1, historyEntries: 2, more: false });
    const erased = await partition(old.orderId);
    expect(erased).not.toContain(PHONE);
    expect(erased).not.toContain(NAME);
    const after = await getOrder(old.orderId);
    expect(after?.booking).toMatchObject({ customerName: ERASED, customerPhone: ERASED, customerList: [] });
    expect(after).toMatchObject({
      orderId: before?.orderId,
      orderExtId: before?.orderExtId,
      status: 'CANCELLED',
      confirmStatus: before?.confirmStatus,
      attempts: before?.attempts,
      booking: { checkIn: before?.booking.checkIn, checkOut: before?.booking.checkOut, totalPrice: 58800 },
    });
    expect(await partition(recent.orderId)).toContain(PHONE);

    // Idempotent: the next run finds nothing to do.
    expect(await eraseExpiredGuestData()).toMatchObject({ orders: 0, historyEntries: 0 });

    // ops show says so.
    const shown = await ops('show', old.orderId);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/guest data erased \d{4}-\d\d-\d\dT/);
  });

  it('pages through the due orders, and stops at its deadline for the next run to go on', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const orders = await Promise.all(Array.from({ length: 5 }, () => bookedStay(day(-61), day(-60))));

    const stopped = await eraseExpiredGuestData({ deadline: Date.now() - 1 });
    expect(stopped).toMatchObject({ orders: 0, more: true });

    // Pages of two: each page's last order has left the index by the time the next page starts after it.
    expect(await eraseExpiredGuestData({ pageSize: 2 })).toMatchObject({ orders: 5, historyEntries: 10, more: false });
    const scrubbed = await ops('scrub');
    expect(scrubbed.code).toBe(0);
    expect(scrubbed.out).toMatch(/^erased the guest data of 0 orders that checked out by \d{8} \(0 history entries\)$/);
    for (const { orderId } of orders) expect(await partition(orderId)).not.toContain(PHONE);
  });
});
