/**
 * The on-call engineer's commands (SPEC §7), written against the store and queue so they work the same on
 * the local stack and on AWS. Each returns lines of text; names and phone numbers are masked.
 */

import { userInfo } from 'node:os';
import { applyChanges, problemsOf } from '../../lib/app/ari.js';
import { writeCatalog } from '../../lib/app/catalog.js';
import { allotmentOf } from '../../lib/app/nights.js';
import { ordersNamed, recordsByChannelId } from '../../lib/app/orders.js';
import { dayAfter, planPrice, storedNights } from '../../lib/app/rates.js';
import { nightStock } from '../../lib/app/stock.js';
import {
  ANY_ID,
  decideCancelOf,
  linkAx as linkAxOrder,
  recordStayOf,
  recreateAx as recreateAxOrder,
  redrive as redriveDeadLetters,
  retryFailed,
  stuckWork,
} from '../../lib/app/work.js';
import { readCatalogFile } from '../../lib/catalog/catalog.js';
import { plansOf, type RatePlan } from '../../lib/catalog/plans.js';
import type { RoomType } from '../../lib/catalog/schema.js';
import { CHANNELS, channelOf } from '../../lib/channels/registry.js';
import { ChannelHubError } from '../../lib/errors.js';
import { dashedYmd, isRefusal, nightsBetween, type Order, refOf, StayStatus } from '../../lib/orders/index.js';
import { maskEmail, maskName, maskPhone } from '../../lib/orders/mask.js';
import { eraseExpiredGuestData } from '../../lib/privacy/retention.js';
import { reindexOrders } from '../../lib/store/dynamodb/orders.js';
import type { AriHistoryEntry, InboundRecord } from '../../lib/store/ports.js';
import { stores } from '../../lib/store/stores.js';

/** A mistake in how a command was called or what it names; the CLI prints it and exits 1. */
export class OpsError extends ChannelHubError {
  override readonly name = 'OpsError';
}

const time = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());

/** `show`: state, booking, owed work, every attempt and every inbound request of each order the id names. */
export async function show(id: string): Promise<string[]> {
  const found = await ordersNamed(id);
  const refusals = (await recordsByChannelId(id)).filter(isRefusal);
  const refused = (
    await Promise.all(
      refusals.map(async (refusal) => {
        const named = `${refusal.channel} ${channelOf(refusal.channel)?.orderIdName ?? 'order id'} ${id}`;
        return [
          refusal.fingerprint === undefined
            ? `${named}: cancelled before any create (${time(refusal.createdAt)}); a create for it is refused`
            : `${named}: its create was refused ${refusal.code}: ${refusal.message} (${time(refusal.createdAt)}); repeats get the same`,
          ...(await stores().history.list(refOf(refusal))).map(inboundLine),
        ];
      }),
    )
  ).flat();
  if (found.length === 0 && refused.length === 0) throw new OpsError(`no order with ${ANY_ID} ${id}`);
  return [...(await Promise.all(found.map(showOrder))).flat(), ...refused];
}

const inboundLine = (entry: InboundRecord) =>
  `  ${time(entry.at)} ${entry.route} → ${entry.outcome.code} ${entry.outcome.description} (${entry.latencyMs} ms, request ${entry.requestId})`;

async function showOrder(order: Order): Promise<string[]> {
  const { booking } = order;
  const lines = [
    `${order.channel} order ${order.orderId} (order_ext_id ${order.orderExtId})`,
    `  state      ${order.status}, confirmation ${order.confirmStatus}${order.axRejected ? ', rejected by AX' : ''}`,
    `  booking    ${booking.spuExtId}${booking.rateCode === undefined ? '' : ` ${booking.rateCode}`} × ${booking.reserveAmount}, ${booking.checkIn}–${booking.checkOut}, ${booking.totalPrice} fen, guest ${maskName(booking.customerName)} ${maskPhone(booking.customerPhone)}${booking.customerEmail === undefined ? '' : ` ${maskEmail(booking.customerEmail)}`}`,
    `  times      created ${time(order.createdAt)}, paid ${time(order.paidAt)}, confirmed ${time(order.confirmedAt)}, cancelled ${time(order.cancelledAt)}`,
    order.guestDataErasedAt === undefined
      ? `  guest data kept until PII_RETENTION_DAYS after check-out ${booking.checkOut}`
      : `  guest data erased ${time(order.guestDataErasedAt)} (PII_RETENTION_DAYS after check-out ${booking.checkOut})`,
    `  AX orders  ${order.axOrderCodes.join(', ') || '-'}`,
    `  inventory  ${
      order.inventory === undefined
        ? 'unmanaged room type'
        : `${order.inventory.state}: ${order.inventory.rooms} × ${order.inventory.spuExtId} on ${order.inventory.nights.map(dashedYmd).join(', ')}`
    }`,
    'work:',
    ...Object.values(order.work).map(
      (item) =>
        `  ${item.id.padEnd(40)} ${item.state.padEnd(8)} attempts ${item.attempts}, due ${time(item.dueAt)}${item.lastError ? `, last error: ${item.lastError}` : ''}${item.note ? `, ${item.note}` : ''}`,
    ),
    'attempts:',
    ...order.attempts.map(
      (attempt) =>
        `  ${time(attempt.at)} ${attempt.workId} ${attempt.outcome}${attempt.httpStatus ? ` HTTP ${attempt.httpStatus}` : ''}${attempt.durationMs === undefined ? '' : ` ${attempt.durationMs} ms`} ${attempt.request}${attempt.detail ? ` — ${attempt.detail}` : ''}`,
    ),
    'inbound:',
    ...(await stores().history.list(refOf(order))).map(inboundLine),
  ];
  return lines;
}

/** `unmatched [yyyy-mm-dd]`: the day's inbound requests that matched no order (UTC; today by default). */
export async function unmatched(day = new Date().toISOString().slice(0, 10)): Promise<string[]> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new OpsError(`expected a day as yyyy-mm-dd, got ${day}`);
  const records = await stores().history.listUnmatched(day);
  const lines = records.map(
    (entry) =>
      `${time(entry.at)} ${entry.route} → ${entry.outcome.code} ${entry.outcome.description}${entry.orderId ? ` (order_id ${entry.orderId})` : ''} request ${entry.requestId}${entry.authenticated === false ? `, unauthenticated: ${entry.bodyBytes} bytes, sha256 ${entry.bodySha256}, body not kept` : ''}`,
  );
  return lines.length === 0 ? [`no unmatched requests on ${day}`] : lines;
}

/** `failed`: every piece of work that gave up or is in doubt, with its last error. */
export async function failed(): Promise<string[]> {
  const lines = (await stuckWork()).map((item) =>
    item.state === 'in-doubt'
      ? `${item.orderExtId} ${item.channel} ${item.orderId} ${item.workId} IN DOUBT: look up channel_order_id ${item.orderExtId} in AX's console, then link-ax ${item.orderExtId} <ax_order_code> or recreate-ax ${item.orderExtId} (${item.lastError ?? ''})`
      : `${item.orderExtId} ${item.channel} ${item.orderId} ${item.workId} after ${item.attempts} attempts: ${item.lastError ?? ''}`,
  );
  // ARI a channel is owed and could not be pushed (its push is retried; the error says why it failed).
  for (const channel of CHANNELS.filter((one) => one.pushesAri === true)) {
    for (const debt of await stores().pushes.list(channel.id)) {
      if (debt.attempts === 0) continue;
      lines.push(
        `${channel.id} ARI push of ${debt.roomType} ${dashedYmd(debt.first)}–${dashedYmd(debt.last)} owed since ${time(debt.since)}, after ${debt.attempts} attempts: ${debt.lastError ?? ''}`,
      );
    }
  }
  return lines.length === 0 ? ['no failed work'] : lines;
}

/** `retry`: owes an order's failed work again and sends it to the queue. */
export async function retry(id: string): Promise<string[]> {
  const { order, retried } = await retryFailed(id, operator());
  return retried.length === 0
    ? [`order ${order.orderExtId} has no failed work`]
    : retried.map((workId) => `retrying ${workId} of ${order.orderExtId}`);
}

/** How long one redrive may run; the messages it has not reached stay in the DLQ for the next. */
const REDRIVE_DEADLINE_MS = 5 * 60_000;

/** `redrive`: the DLQ's messages back to the work queue (lib/app/work.ts says how it ends). */
export async function redrive(progress: (line: string) => void = () => undefined): Promise<string[]> {
  const done = await redriveDeadLetters({ who: operator(), deadlineMs: REDRIVE_DEADLINE_MS, progress });
  if (done.moved.length === 0 && done.dropped.length === 0 && done.leftBack === 0 && !done.timedOut) return ['the DLQ is empty'];
  return [
    ...done.moved.map((moved) => `redrove ${moved}`),
    ...done.dropped.map((body) => `dropped a DLQ message that names no order: ${body}`),
    `moved ${done.moved.length} (the DLQ held ${done.waiting} when redrive started)` +
      (done.leftBack > 0
        ? `; left ${done.leftBack} that failed again meanwhile, for the next redrive${done.hidden === undefined ? '' : ` (${done.hidden})`}`
        : '') +
      (done.timedOut ? `; stopped at its ${REDRIVE_DEADLINE_MS / 60_000}-minute deadline, run it again to go on` : ''),
  ];
}

/** `link-ax`: attaches an AX order made elsewhere; the worker then polls (or cancels) it like its own. */
export async function linkAx(id: string, axOrderCode: string): Promise<string[]> {
  const order = await linkAxOrder(id, axOrderCode, operator());
  return [`linked AX order ${axOrderCode} to ${order.orderExtId}`];
}

/** `recreate-ax`: the AX create in doubt is sent again (lib/app/work.ts). */
export async function recreateAx(id: string): Promise<string[]> {
  const order = await recreateAxOrder(id, operator());
  return [`sending the AX create of ${order.orderExtId} (channel_order_id ${order.orderExtId}) again`];
}

/** `scrub`: erases now the guest data that is due (PII_RETENTION_DAYS after check-out), as the daily run does. */
export async function scrub(): Promise<string[]> {
  const run = await eraseExpiredGuestData({ deadline: Date.now() + 5 * 60_000 });
  return [
    `erased the guest data of ${run.orders} orders that checked out by ${run.checkedOutBy} (${run.historyEntries} history entries)`,
    ...(run.more ? ['stopped at its five-minute deadline: run it again to go on'] : []),
  ];
}

/** `catalog load`: validates a catalog file as a whole and makes it the table's catalog. */
export async function catalogLoad(file: string, options: { resetAri?: boolean } = {}): Promise<string[]> {
  const index = await readCatalogFile(file);
  const { written, removed, belowHeld } = await writeCatalog(index, { resetAri: options.resetAri === true });
  const dropped = removed === 0 ? '' : `, and removed ${removed} it no longer has`;
  return [
    `loaded ${written} room types from ${file}${dropped}${options.resetAri === true ? ', every ARI override cleared' : ''}`,
    ...belowHeld.map(
      (night) =>
        `warning: ${night.spuExtId} ${dashedYmd(night.night)} now has an allotment of ${night.allotment}, below what is held; no room more is sold until enough is released`,
    ),
  ];
}

const dashedDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The nights [from, to) of two yyyy-mm-dd days, at most a year of them. */
function nightsOf(from: string, to: string): string[] {
  for (const day of [from, to]) if (!dashedDay.test(day)) throw new OpsError(`expected a day as yyyy-mm-dd, got ${day}`);
  const nights = nightsBetween(from.replaceAll('-', ''), to.replaceAll('-', ''));
  if (nights.length === 0) throw new OpsError(`${to} must be a real day after ${from}`);
  if (nights.length > 366) throw new OpsError('at most a year of nights at once');
  return nights;
}

/** The room type in the catalog, or an error naming it. */
async function roomTypeNamed(spuExtId: string) {
  const entry = await stores().catalog.roomType(spuExtId);
  if (entry === undefined) throw new OpsError(`no room type ${spuExtId} in the catalog`);
  return entry;
}

/** The identity `ops` runs as, for the ARI history. */
export const operator = () => `ops:${process.env.USER ?? userInfo().username}`;

/** The room type's single or first rate plan, which `rates` works on. */
function firstPlan(roomType: RoomType): RatePlan {
  const [plan] = plansOf(roomType);
  if (plan === undefined) throw new OpsError(`${roomType.spuExtId} has no rate plan`);
  return plan;
}

/** `rates show <spuExtId> <from> <to>`: each night's price in fen (the single or first plan's) and where it comes from. */
export async function ratesShow(spuExtId: string, from: string, to: string): Promise<string[]> {
  const { roomType } = await roomTypeNamed(spuExtId);
  const plan = firstPlan(roomType);
  const nights = nightsOf(from, to);
  const stored = nights.length === 0 ? new Map() : await storedNights(spuExtId, nights[0] as string, nights.at(-1) as string);
  return [
    `${spuExtId}     price (fen)   from`,
    ...nights.map((night) => {
      const price = planPrice(roomType, plan, night, stored);
      const source =
        stored.get(night)?.plans[plan.code]?.price !== undefined
          ? 'table'
          : price === undefined
            ? 'no price: not sold'
            : 'catalog default';
      return `${dashedYmd(night)}   ${String(price ?? '-').padStart(11)}   ${source}`;
    }),
  ];
}

/**
 * `rates set <spuExtId> <from> <to> <fen>`: the price of those nights (to exclusive) on the single or first
 * rate plan, for every channel at once (each with its markup); a load of the catalog keeps it.
 */
export async function ratesSet(spuExtId: string, from: string, to: string, fen: string): Promise<string[]> {
  if (!/^\d{1,12}$/.test(fen))
    throw new OpsError(`expected a price in fen, a whole number ≥ 0 (78800 is 788.00 yuan), got ${fen}`);
  const plan = firstPlan((await roomTypeNamed(spuExtId)).roomType);
  const nights = nightsOf(from, to);
  const [first, last] = [nights[0], nights.at(-1)];
  if (first !== undefined && last !== undefined) {
    const change = { roomType: spuExtId, ratePlan: plan.code, from: first, to: dayAfter(last), set: { price: Number(fen) } };
    const [problem] = await problemsOf([change]);
    if (problem !== undefined) throw new OpsError(problem.message);
    await applyChanges([change], { who: operator(), source: 'ops' });
  }
  return [`${spuExtId}: ${nights.length} night${nights.length === 1 ? '' : 's'} from ${from} to ${to} (exclusive) at ${fen} fen`];
}

/** The room type's allotment, or an error saying it has none. */
async function managedInventory(spuExtId: string) {
  const entry = await roomTypeNamed(spuExtId);
  if (entry.roomType.inventory === undefined) {
    throw new OpsError(`${spuExtId} has no inventory in the catalog: every night is available (add "inventory" to manage it)`);
  }
  return entry.roomType.inventory;
}

/** `inventory show <spuExtId> <from> <to>`: allotment, held and available per night. */
export async function inventoryShow(spuExtId: string, from: string, to: string): Promise<string[]> {
  const inventory = await managedInventory(spuExtId);
  const nights = await nightStock(spuExtId, nightsOf(from, to), inventory);
  return [
    `${spuExtId}     allotment   held   available`,
    ...nights.map(
      (night) =>
        `${dashedYmd(night.night)}   ${String(night.allotment).padStart(9)}   ${String(night.held).padStart(4)}   ${String(night.available).padStart(9)}`,
    ),
  ];
}

/**
 * `inventory set <spuExtId> <from> <to> <rooms> [--force]`: the allotment of those nights (to exclusive),
 * never below what is already held unless forced, and saying so either way.
 */
export async function inventorySet(spuExtId: string, from: string, to: string, rooms: string, force: boolean): Promise<string[]> {
  if (!/^\d{1,5}$/.test(rooms)) throw new OpsError(`expected a number of rooms, got ${rooms}`);
  const inventory = await managedInventory(spuExtId);
  const nights = nightsOf(from, to);
  const stored = await storedNights(spuExtId, nights[0] as string, nights.at(-1) as string);
  const lines: string[] = [];
  const history: AriHistoryEntry[] = [];
  const at = Date.now();
  for (const night of nights) {
    const change = await stores().nights.setAllotment(spuExtId, night, Number(rooms), force);
    const before = stored.get(night)?.allotment ?? allotmentOf(inventory, night);
    if (change.set && before !== change.allotment) {
      history.push({
        at,
        who: operator(),
        source: 'ops',
        roomType: spuExtId,
        night,
        field: 'allotment',
        before,
        after: change.allotment,
      });
    }
    lines.push(
      change.set
        ? `${dashedYmd(night)} allotment ${change.allotment}`
        : `${dashedYmd(night)} not set: ${change.reason}; --force sets it below that`,
    );
  }
  // Recorded as every other change of ARI is (SPEC §5b).
  if (history.length > 0) await stores().ariHistory.append(history);
  return lines;
}

/** `reindex`: puts orders written before the arrival index into it (once, after upgrading a deployed stack). */
export async function reindex(): Promise<string[]> {
  const { seen, reindexed } = await reindexOrders();
  return [
    seen === 0
      ? 'every order is in the arrival index'
      : `put ${reindexed} of ${seen} orders into the arrival index${reindexed < seen ? '; the rest changed meanwhile and are in it now' : ''}`,
  ];
}

/** `stay <id> checked-in|no-show|checked-out`: the hotel records the stay; channels that ask are told. */
export async function stay(id: string, status: string): Promise<string[]> {
  const known = Object.values(StayStatus) as string[];
  if (!known.includes(status)) throw new OpsError(`expected ${known.join(', ')}, got ${status}`);
  const order = await recordStayOf(id, status as StayStatus, operator());
  return [`${order.orderExtId}: ${status}`];
}

/** `cancel-decision <id> <cancel_id> accept|refuse [reason…]`: decides a cancel the channel left to the hotel. */
export async function cancelDecision(id: string, cancelId: string, decision: string, reason: string[]): Promise<string[]> {
  if (decision !== 'accept' && decision !== 'refuse') throw new OpsError(`expected accept or refuse, got ${decision}`);
  const text = reason.join(' ').trim();
  const order = await decideCancelOf(id, cancelId, decision === 'accept', text === '' ? undefined : text, operator());
  return [
    `${order.orderExtId}: cancel ${cancelId} ${decision === 'accept' ? 'accepted, the order is cancelled' : 'refused'}; Douyin is told`,
  ];
}
