/**
 * Douyin's goodlife order query (seed 003): `POST /goodlife/v1/comprehensive/trade/query/order/` with the
 * shared client token in the `access-token` header, paged 50 at a time until `total` is reached.
 */
import * as z from 'zod/mini';
import { getConfig } from '../config/config.js';
import { ChannelHubError } from '../errors.js';
import { readAs } from '../http/outbound.js';
import { retry } from '../retry.js';
import { callDouyin } from './client.js';

const PATH = '/goodlife/v1/comprehensive/trade/query/order/';
/** Douyin's documented maximum page size. */
export const PAGE_SIZE = 50;
const MAX_PAGES = 200;

/** One order as the query lists it (the fields reconciliation reads). */
export interface DouyinBooking {
  book_id: string;
  status: number;
  book_time?: number;
}

/** The query failed (a page Douyin kept refusing, no account configured, too many pages); the run reports it. */
export class DouyinQueryError extends ChannelHubError {
  override readonly name = 'DouyinQueryError';
}

/** Epoch ms in the unit Douyin's time fields use (a setting: seconds unless told otherwise). */
function toDouyinTime(ms: number): number {
  return getConfig().douyin.queryTimeUnit === 'seconds' ? Math.floor(ms / 1000) : ms;
}

/** One page of the goodlife order query: `data.order_list` and `data.total` (ids may come as numbers). */
const pageSchema = z.looseObject({
  data: z.looseObject({
    order_list: z._default(
      z.array(
        z.looseObject({ book_id: z.union([z.string(), z.number()]), status: z.number(), book_time: z.optional(z.number()) }),
      ),
      [],
    ),
    total: z._default(z.number(), 0),
  }),
});

async function page(body: Record<string, unknown>): Promise<{ orders: DouyinBooking[]; total: number }> {
  const failed = (result: { detail: string; kind: string }) =>
    new DouyinQueryError(`order query page ${String(body.page_num)}: ${result.detail}`);
  return retry(
    async () => {
      // callDouyin refreshes an expired token once and classifies seed 003's codes.
      const result = await callDouyin(PATH, body, 'header');
      if (result.kind !== 'ok') {
        if (result.kind === 'permanent') throw failed(result);
        // A query read twice is harmless: an answer that never came is tried again like a busy one.
        return { done: false, reason: result.detail };
      }
      const data = readAs(pageSchema, result.value)?.data;
      if (data === undefined) throw failed({ kind: 'permanent', detail: 'the answer has no data.order_list' });
      return {
        done: true,
        value: {
          orders: data.order_list.map((order) => ({ ...order, book_id: String(order.book_id) })),
          total: data.total,
        },
      };
    },
    { attempts: 4, baseMs: 500, capMs: 2_000, exhausted: (reason) => failed({ kind: 'retry', detail: reason }) },
  );
}

/**
 * Every order Douyin lists for one POI in [from, to] (epoch ms).
 * @example await queryDouyinOrders({ poiId: '7001', from: Date.parse('2026-11-21'), to: Date.parse('2026-11-22') })
 */
export async function queryDouyinOrders(input: { poiId: string; from: number; to: number }): Promise<DouyinBooking[]> {
  const accountId = getConfig().douyin.accountId;
  if (accountId === undefined) throw new DouyinQueryError('DOUYIN_ACCOUNT_ID is not configured');
  const orders: DouyinBooking[] = [];
  for (let pageNum = 1; pageNum <= MAX_PAGES; pageNum++) {
    const { orders: batch, total } = await page({
      account_id: accountId,
      poi_id: input.poiId,
      start_time: toDouyinTime(input.from),
      end_time: toDouyinTime(input.to),
      page_num: pageNum,
      page_size: PAGE_SIZE,
    });
    orders.push(...batch);
    if (batch.length === 0 || orders.length >= total) return orders;
  }
  throw new DouyinQueryError(`order query did not finish within ${MAX_PAGES} pages`);
}
