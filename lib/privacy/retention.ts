/**
 * The retention run (SPEC §7): guest data is erased PII_RETENTION_DAYS after check-out, daily on AWS, on
 * the local stack's timer and by `ops scrub`. Each run pages through the index of orders that still hold
 * guest data, stops at its deadline, and is idempotent: an order leaves the index only once its history
 * and then the order itself are erased, so a run cut short is finished by the next.
 */
import { recordEvent } from '../app/record.js';
import { getConfig } from '../config/config.js';
import { Counter, count, logger } from '../observability/logger.js';
import { formatYmd, type OrderRef } from '../orders/index.js';
import type { Cursor } from '../store/ports.js';
import { stores } from '../store/stores.js';
import { eraseFromHistory } from './erase.js';

export interface RetentionRun {
  /** Orders that checked out on or before this day (yyyyMMdd) were due. */
  checkedOutBy: string;
  orders: number;
  historyEntries: number;
  /** The deadline came first: the next run goes on where this one stopped. */
  more: boolean;
}

/** The last check-out day whose guest data is due for erasure at `now`. */
export function retentionCutoff(now: number, days = getConfig().piiRetentionDays): string {
  return formatYmd(new Date(now - days * 86_400_000));
}

async function eraseOrder(ref: OrderRef, now: number): Promise<number> {
  const { history } = stores();
  let entries = 0;
  for (const record of await history.list(ref)) {
    const erased = eraseFromHistory(record);
    if (erased === undefined) continue;
    await history.replace(ref, erased);
    entries += 1;
  }
  // Last, so an order leaves the index only once its history is clean. Erasing owes no work, so nothing is
  // sent (and the run carries no SQS client).
  await recordEvent(ref, { type: 'erase-guest-data' }, now);
  return entries;
}

/**
 * Erases the guest data that is due, page by page, until done or `deadline` (epoch ms).
 * @example await eraseExpiredGuestData({ deadline: Date.now() + 60_000 }) // { orders: 3, historyEntries: 7, more: false, … }
 */
export async function eraseExpiredGuestData(
  options: { now?: number; deadline?: number; pageSize?: number } = {},
): Promise<RetentionRun> {
  const now = options.now ?? Date.now();
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const run: RetentionRun = { checkedOutBy: retentionCutoff(now), orders: 0, historyEntries: 0, more: false };
  let after: Cursor | undefined;
  do {
    if (Date.now() >= deadline) {
      run.more = true;
      break;
    }
    const page = await stores().orders.holdingGuestData(run.checkedOutBy, options.pageSize ?? 100, after);
    for (const ref of page.refs) {
      run.historyEntries += await eraseOrder(ref, now);
      run.orders += 1;
    }
    after = page.next;
  } while (after !== undefined);
  count(Counter.GuestDataErased, undefined, run.orders);
  logger.info('guest data erased', { ...run });
  return run;
}
