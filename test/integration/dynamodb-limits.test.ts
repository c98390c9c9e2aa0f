/**
 * What DynamoDB refuses and a more forgiving stand-in let through, checked on DynamoDB Local: the 400 KB
 * item limit on an order at the schemas' limits with a full history of partner errors, an empty string as
 * an index key, and table names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../lib/config/config.js';
import { MAX_ATTEMPTS_KEPT } from '../../lib/orders/index.js';
import { dynamoOrders, MAX_TEXT_KEPT } from '../../lib/store/dynamodb/orders.js';
import { douyinOrder as getOrder } from '../../local/orders.js';
import { commitBody, douyinPost, type Harness, startHarness } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ worker: false });
});
afterAll(() => harness.stop());

describe('DynamoDB’s limits, on DynamoDB Local', () => {
  it('keeps the largest order the schemas accept, with a full history of long partner errors, under 400 KB', async () => {
    // Prepare: a commit at the schemas' limits, in three-byte characters, with as many guests as fit in 64 KiB.
    const body = commitBody({
      reserve_amount: 9,
      customer_name: '张'.repeat(128),
      remark: '备'.repeat(2_000),
      customer_list: Array.from({ length: 80 }, () => ({
        surname: '姓'.repeat(64),
        given_name: '名'.repeat(64),
        cn_name: '全'.repeat(64),
      })),
      total_price: 9 * (58800 + 78800),
    });
    const committed = await douyinPost(harness.stack, 'commit', body);
    expect(committed.error_code).toBe(0);
    const order = await getOrder(body.order_id);
    if (order === undefined) throw new Error('order not stored');
    // A partner that answers every attempt with 5,000 characters of error text.
    const text = '错'.repeat(5_000);
    const attempts = Array.from({ length: MAX_ATTEMPTS_KEPT + 20 }, (_, index) => ({
      workId: 'ax.create-order',
      at: order.createdAt + index,
      request: `POST /v1/channel/orders/tour channel_order_id=${order.orderExtId} ${text}`,
      outcome: 'retry' as const,
      httpStatus: 500,
      detail: text,
    }));
    const work = {
      'ax.create-order': {
        id: 'ax.create-order',
        type: 'ax.create-order' as const,
        state: 'failed' as const,
        attempts: 12,
        dueAt: order.createdAt,
        lastError: text,
        note: text,
        createdAt: order.createdAt,
        updatedAt: order.createdAt,
      },
    };

    // Act: the write DynamoDB would refuse if every text were kept whole.
    const written = await dynamoOrders.replace({ ...order, attempts, work }, order.version);

    // Assess
    expect(written).toBe(true);
    const stored = await getOrder(body.order_id);
    expect(stored?.attempts).toHaveLength(MAX_ATTEMPTS_KEPT);
    expect(stored?.attempts.at(-1)?.at).toBe(order.createdAt + MAX_ATTEMPTS_KEPT + 19);
    expect(stored?.attempts.every((attempt) => (attempt.detail?.length ?? 0) <= MAX_TEXT_KEPT)).toBe(true);
    expect(stored?.work['ax.create-order']?.lastError).toHaveLength(MAX_TEXT_KEPT);
    expect(stored?.booking.customerList).toHaveLength(80);
  });

  it('finds no order for an empty order_ext_id, where DynamoDB refuses an empty index key', async () => {
    expect(await dynamoOrders.getByExtId('')).toBeUndefined();
  });

  it('refuses at start a table name DynamoDB would refuse on every request', () => {
    expect(() => parseConfig({ TABLE_NAME: 'ab' })).toThrow(ConfigError);
    expect(() => parseConfig({ TABLE_NAME: 'channel hub' })).toThrow('TABLE_NAME: must be 3–255 of');
    expect(parseConfig({ TABLE_NAME: 'ChannelHub-Table.1_x' }).tableName).toBe('ChannelHub-Table.1_x');
  });
});
