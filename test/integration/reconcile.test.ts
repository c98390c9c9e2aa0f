import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as reconcilerHandler } from '../../functions/reconciler.js';
import { getConfig, resetConfig } from '../../lib/config/config.js';
import { DouyinQueryError, PAGE_SIZE, queryDouyinOrders } from '../../lib/douyin/order-query.js';
import { REPORT_ENTRIES_KEPT, reconcile } from '../../lib/reconcile/reconcile.js';
import { dynamo } from '../../lib/store/dynamodb/client.js';
import { lambdaContext } from '../../local/lambda-runtime.js';
import { runOps } from '../../local/ops.js';
import { commitBody, douyinPost, type Harness, orderRef, startHarness } from './harness.js';

const POI = '7010000000000000001';
let harness: Harness;
const dir = mkdtempSync(join(tmpdir(), 'channel-hub-reconcile-'));
beforeAll(async () => {
  harness = await startHarness({
    worker: false,
    endpointsFile: join(dir, 'endpoints.json'),
    env: { DOUYIN_ACCOUNT_ID: 'acct-1' },
  });
});
afterAll(async () => {
  await harness.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  harness.douyin.bookings = [];
  harness.douyin.queryCalls.length = 0;
  harness.douyin.clearFaults();
});

const seconds = (ms: number) => Math.floor(ms / 1000);
const hourAgo = () => seconds(Date.now() - 3_600_000);

/** Three orders in the store: unpaid, paid and cancelled. */
async function plantOrders() {
  const make = async (state: 'unpaid' | 'paid' | 'cancelled') => {
    const body = commitBody({ status: state === 'unpaid' ? 0 : 1 });
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    if (state === 'cancelled')
      await douyinPost(harness.stack, 'cancel', { ...orderRef(body, order_ext_id as string), order_status: 1 });
    return body.order_id;
  };
  return { unpaid: await make('unpaid'), paid: await make('paid'), cancelled: await make('cancelled') };
}

describe('Douyin goodlife order query', () => {
  it('pages 50 at a time until total is reached, with the token in the access-token header and times in seconds', async () => {
    harness.douyin.bookings = Array.from({ length: 120 }, (_, index) => ({
      book_id: `B${index}`,
      status: 1,
      book_time: hourAgo(),
      poi_id: POI,
    }));
    harness.douyin.bookings.push({ book_id: 'OTHER-POI', status: 1, book_time: hourAgo(), poi_id: 'elsewhere' });

    const orders = await queryDouyinOrders({ poiId: POI, from: Date.now() - 2 * 3_600_000, to: Date.now() });

    expect(orders.map((order) => order.book_id)).toEqual(Array.from({ length: 120 }, (_, index) => `B${index}`));
    expect(harness.douyin.queryCalls.map((call) => [call.page_num, call.page_size])).toEqual([
      [1, PAGE_SIZE],
      [2, PAGE_SIZE],
      [3, PAGE_SIZE],
    ]);
    expect(harness.douyin.queryCalls[0]).toMatchObject({ account_id: 'acct-1', poi_id: POI });
    expect(String(harness.douyin.queryCalls[0]?.start_time)).toMatch(/^\d{10}$/);
  });

  it('retries busy codes, refreshes an expired token once, and stops on a capability error', async () => {
    harness.douyin.bookings = [{ book_id: 'B1', status: 1, book_time: hourAgo(), poi_id: POI }];
    harness.douyin.failNext('query', { body: { data: { error_code: 2100004, description: '系统繁忙' } } });
    harness.douyin.expireTokens();
    const tokensBefore = harness.douyin.tokenCalls;
    expect(await queryDouyinOrders({ poiId: POI, from: Date.now() - 7_200_000, to: Date.now() })).toHaveLength(1);
    expect(harness.douyin.tokenCalls).toBe(tokensBefore + 1);

    harness.douyin.failNext('query', { body: { data: { error_code: 28001014, description: '应用未授权任何能力' } } });
    await expect(queryDouyinOrders({ poiId: POI, from: Date.now() - 7_200_000, to: Date.now() })).rejects.toThrowError(
      DouyinQueryError,
    );
  });
});

describe('reconciliation', () => {
  it('reports exactly the planted drift: a missing order and a status that disagrees', async () => {
    const ids = await plantOrders();
    harness.douyin.bookings = [
      { book_id: ids.unpaid, status: 0, book_time: hourAgo(), poi_id: POI },
      { book_id: ids.paid, status: 2, book_time: hourAgo(), poi_id: POI }, // Douyin says cancelled; we have it paid
      { book_id: ids.cancelled, status: 2, book_time: hourAgo(), poi_id: POI },
      { book_id: '7999999999999999999', status: 1, book_time: hourAgo(), poi_id: POI }, // we never got it
      { book_id: '7999999999999999998', status: 1, book_time: seconds(Date.now() - 5 * 86_400_000), poi_id: POI }, // outside the window
    ];

    const report = await reconcile({ from: Date.now() - 2 * 3_600_000, to: Date.now() });

    expect(report.checked).toBe(4);
    expect(report.drift).toEqual([
      { kind: 'status', orderId: ids.paid, poiId: POI, douyinStatus: 2, expected: 'CANCELLED', ours: 'PAID' },
      { kind: 'missing', orderId: '7999999999999999999', poiId: POI, douyinStatus: 1 },
    ]);
    const { Items } = await dynamo().send(
      new QueryCommand({
        TableName: getConfig().tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'REPORT#reconcile' },
      }),
    );
    expect(Items?.at(-1)?.drift).toHaveLength(2);
  });

  it('stores the report of an outage’s worth of drift within DynamoDB’s 400 KB item limit', async () => {
    // 3,500 orders we never got, with long ids: the whole list is about 560 KB.
    harness.douyin.bookings = Array.from({ length: 3_500 }, (_, index) => ({
      book_id: `${'7'.repeat(100)}${String(index).padStart(4, '0')}`,
      status: 1,
      book_time: hourAgo(),
      poi_id: POI,
    }));

    const report = await reconcile({ from: Date.now() - 2 * 3_600_000, to: Date.now() });

    expect(report.drift).toHaveLength(3_500);
    const { Items } = await dynamo().send(
      new QueryCommand({
        TableName: getConfig().tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'REPORT#reconcile' },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    expect(Items?.[0]).toMatchObject({ driftCount: 3_500, unmappedCount: 0 });
    expect(Items?.[0]?.drift).toHaveLength(REPORT_ENTRIES_KEPT);
  }, 60_000);

  it('reports no drift when Douyin and the store agree, through the scheduled handler', async () => {
    const ids = await plantOrders();
    harness.douyin.bookings = [
      { book_id: ids.unpaid, status: 0, book_time: hourAgo(), poi_id: POI },
      { book_id: ids.paid, status: 1, book_time: hourAgo(), poi_id: POI },
      { book_id: ids.cancelled, status: 2, book_time: hourAgo(), poi_id: POI },
    ];

    const report = (await reconcilerHandler({}, lambdaContext('reconciler'))) as Awaited<ReturnType<typeof reconcile>>;

    expect(report).toMatchObject({ checked: 3, drift: [], unmapped: [], pois: [POI] });
    expect(Date.parse(report.to) - Date.parse(report.from)).toBe(24 * 3_600_000);
  });

  it('skips the scheduled run, saying why, when no Douyin account id is configured', async () => {
    const accountId = process.env.DOUYIN_ACCOUNT_ID;
    process.env.DOUYIN_ACCOUNT_ID = '';
    resetConfig();
    try {
      expect(await reconcilerHandler({}, lambdaContext('reconciler'))).toEqual({
        skipped: 'DOUYIN_ACCOUNT_ID is not configured',
      });
      expect(harness.douyin.queryCalls).toEqual([]);
    } finally {
      process.env.DOUYIN_ACCOUNT_ID = accountId;
      resetConfig();
    }
  });

  it('prints drift from npm run ops -- reconcile and lists unmapped statuses apart', async () => {
    const ids = await plantOrders();
    harness.douyin.bookings = [
      { book_id: ids.cancelled, status: 1, book_time: hourAgo(), poi_id: POI },
      { book_id: ids.paid, status: 9, book_time: hourAgo(), poi_id: POI },
    ];
    const lines: string[] = [];
    process.env.DATA_DIR = dir;

    const code = await runOps(
      ['reconcile', '--from', new Date(Date.now() - 7_200_000).toISOString(), '--to', new Date().toISOString()],
      (line) => lines.push(line),
    );

    expect(code).toBe(0);
    expect(lines).toContain(`drift: ${ids.cancelled} is CANCELLED here and PAID on Douyin (status 1)`);
    expect(lines).toContain(`unmapped Douyin status 9 on ${ids.paid} (see DOUYIN_BOOK_STATUS)`);
    expect(lines.at(-1)).toBe('1 drifted');
  });
});
