/**
 * Reconciliation: Douyin's orders in a window against the store. Drift is an order Douyin has that we
 * lack, or a status that disagrees; the report is stored, counted (`DriftFound`) and alarmed when not empty.
 */

import { getConfig } from '../config/config.js';
import { DOUYIN } from '../douyin/channel.js';
import { queryDouyinOrders } from '../douyin/order-query.js';
import { ChannelHubError } from '../errors.js';
import { Counter, count, logger } from '../observability/logger.js';
import { isRefusal } from '../orders/index.js';
import { stores } from '../store/stores.js';

const REPORT_TTL_SECONDS = 90 * 24 * 3600;
/**
 * Entries of each list the stored report keeps (about 150 bytes each): a day of missing orders after an
 * outage must not push the item past DynamoDB's 400 KB, which would lose the whole report and its metric.
 */
export const REPORT_ENTRIES_KEPT = 1_000;
/** Order ids named in the drift log line (CloudWatch caps an event at 256 KB). */
const LOGGED_IDS = 100;

type Drift =
  | { kind: 'missing'; orderId: string; poiId: string; douyinStatus: number }
  | { kind: 'status'; orderId: string; poiId: string; douyinStatus: number; expected: string; ours: string };

export interface ReconcileReport {
  from: string;
  to: string;
  at: string;
  pois: string[];
  checked: number;
  /** Douyin statuses with no mapping in DOUYIN_BOOK_STATUS: listed, not counted as drift. */
  unmapped: { orderId: string; douyinStatus: number }[];
  drift: Drift[];
}

/**
 * @example const report = await reconcile({ from: Date.parse('2026-11-21T00:00Z'), to: Date.parse('2026-11-22T00:00Z') })
 */
export async function reconcile(input: { from: number; to: number; now?: number }): Promise<ReconcileReport> {
  const now = input.now ?? Date.now();
  const statusMap = getConfig().douyin.bookStatus;
  const pois = [
    ...new Set(
      (await stores().catalog.entries()).flatMap((entry) =>
        entry.hotel.douyinPoiId === undefined ? [] : [entry.hotel.douyinPoiId],
      ),
    ),
  ];
  const report: ReconcileReport = {
    from: new Date(input.from).toISOString(),
    to: new Date(input.to).toISOString(),
    at: new Date(now).toISOString(),
    pois,
    checked: 0,
    unmapped: [],
    drift: [],
  };
  for (const poiId of pois) {
    for (const booking of await queryDouyinOrders({ poiId, from: input.from, to: input.to })) {
      report.checked += 1;
      const order = await stores().orders.get({ channel: DOUYIN, orderId: booking.book_id });
      if (order === undefined || isRefusal(order)) {
        report.drift.push({ kind: 'missing', orderId: booking.book_id, poiId, douyinStatus: booking.status });
        continue;
      }
      const expected = statusMap.get(booking.status);
      if (expected === undefined) report.unmapped.push({ orderId: booking.book_id, douyinStatus: booking.status });
      else if (expected !== order.status) {
        report.drift.push({
          kind: 'status',
          orderId: booking.book_id,
          poiId,
          douyinStatus: booking.status,
          expected,
          ours: order.status,
        });
      }
    }
  }
  await stores().reports.put(
    'reconcile',
    now,
    {
      ...report,
      drift: report.drift.slice(0, REPORT_ENTRIES_KEPT),
      unmapped: report.unmapped.slice(0, REPORT_ENTRIES_KEPT),
      driftCount: report.drift.length,
      unmappedCount: report.unmapped.length,
    },
    REPORT_TTL_SECONDS,
  );
  count(Counter.DriftFound, undefined, report.drift.length);
  const log = {
    from: report.from,
    to: report.to,
    checked: report.checked,
    drift: report.drift.length,
    unmapped: report.unmapped.length,
  };
  if (report.drift.length > 0)
    logger.warn('reconciliation found drift', {
      ...log,
      orderIds: report.drift.slice(0, LOGGED_IDS).map((drift) => drift.orderId),
    });
  else logger.info('reconciliation found no drift', log);
  return report;
}

/**
 * The scheduled run over the last window; a stack deployed without a Douyin account id has nothing to
 * ask Douyin, so it says so once per run instead of failing every hour.
 */
async function scheduledReconcile(now = Date.now()): Promise<ReconcileReport | { skipped: string }> {
  if (getConfig().douyin.accountId === undefined) {
    logger.warn('reconciliation skipped: DOUYIN_ACCOUNT_ID is not configured (cdk deploy -c douyinAccountId=…)');
    return { skipped: 'DOUYIN_ACCOUNT_ID is not configured' };
  }
  return reconcile({ ...scheduledWindow(now), now });
}

/**
 * The reconciler Lambda's run: the window an operator asked for (`ops reconcile` against a deployed stack
 * invokes it with `{from, to}` as ISO times, so the partner credentials never leave the stack), or the
 * scheduled window.
 */
export async function requestedReconcile(event: unknown, now = Date.now()): Promise<ReconcileReport | { skipped: string }> {
  const { from, to } = (event ?? {}) as { from?: unknown; to?: unknown };
  if (typeof from !== 'string' || typeof to !== 'string') return scheduledReconcile(now);
  const window = { from: Date.parse(from), to: Date.parse(to) };
  if (Number.isNaN(window.from) || Number.isNaN(window.to) || window.to <= window.from) {
    throw new ChannelHubError(`reconcile: from and to must be ISO times, from before to (got ${from}, ${to})`);
  }
  return reconcile({ ...window, now });
}

/** The scheduled run: the last RECONCILE_WINDOW_HOURS, ending five minutes ago so in-flight commits have landed. */
export function scheduledWindow(now = Date.now()): { from: number; to: number } {
  const to = now - 5 * 60_000;
  return { from: to - getConfig().reconcileWindowHours * 3_600_000, to };
}
