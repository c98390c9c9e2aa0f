/**
 * Douyin's goodlife order query (seed 003): `POST /goodlife/v1/comprehensive/trade/query/order/` with the
 * shared client token in the `access-token` header, paged 50 at a time until `total` is reached.
 */
import { getConfig } from '../config/config.js';
import { ChannelHubError } from '../errors.js';
import { callDouyin } from './client.js';

const PATH = '/goodlife/v1/comprehensive/trade/query/order/';
/** Douyin's documented maximum page size. */
export const PAGE_SIZE = 50;
const MAX_PAGES = 200;
const RETRY_DELAYS_MS = [500, 1_000, 2_000];

/** One order as the query lists it (the fields reconciliation reads). */
export interface DouyinBooking {
  book_id: string;
  status: number;
  book_time?: number;
}

/** The query failed; `retryable` says whether a later run may succeed. */
export class DouyinQueryError extends ChannelHubError {
  override readonly name = 'DouyinQueryError';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Epoch ms in the unit Douyin's time fields use (a setting: seconds unless told otherwise). */
export function toDouyinTime(ms: number): number {
  return getConfig().douyin.queryTimeUnit === 'seconds' ? Math.floor(ms / 1000) : ms;
}

async function page(body: Record<string, unknown>): Promise<{ orders: DouyinBooking[]; total: number }> {
  for (let attempt = 0; ; attempt++) {
    // callDouyin refreshes an expired token once and classifies seed 003's codes.
    const result = await callDouyin(PATH, body, 'header');
    if (result.kind === 'ok') {
      const data = (result.value as { data?: { order_list?: DouyinBooking[]; total?: number } }).data ?? {};
      return {
        orders: (data.order_list ?? []).map((order) => ({ ...order, book_id: String(order.book_id) })),
        total: Number(data.total ?? 0),
      };
    }
    const delay = RETRY_DELAYS_MS[attempt];
    if (result.kind === 'permanent' || delay === undefined) {
      throw new DouyinQueryError(`order query page ${String(body.page_num)}: ${result.detail}`, result.kind === 'retry');
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/**
 * Every order Douyin lists for one POI in [from, to] (epoch ms).
 * @example await queryDouyinOrders({ poiId: '7001', from: Date.parse('2026-11-21'), to: Date.parse('2026-11-22') })
 */
export async function queryDouyinOrders(input: { poiId: string; from: number; to: number }): Promise<DouyinBooking[]> {
  const accountId = getConfig().douyin.accountId;
  if (accountId === undefined) throw new DouyinQueryError('DOUYIN_ACCOUNT_ID is not configured', false);
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
  throw new DouyinQueryError(`order query did not finish within ${MAX_PAGES} pages`, false);
}
