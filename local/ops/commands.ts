/**
 * The on-call engineer's commands (SPEC §7), written against the store and queue so they work the same on
 * the local stack and on AWS. Each returns lines of text; names and phone numbers are masked.
 */

import { userInfo } from 'node:os';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { applyEvent } from '../../lib/app/apply.js';
import { applyChanges, problemsOf } from '../../lib/app/ari.js';
import { writeCatalog } from '../../lib/app/catalog.js';
import { allotmentOf } from '../../lib/app/nights.js';
import { ordersNamed, recordsByChannelId } from '../../lib/app/orders.js';
import { dayAfter, planPrice, storedNights } from '../../lib/app/rates.js';
import { nightStock } from '../../lib/app/stock.js';
import { readCatalogFile } from '../../lib/catalog/catalog.js';
import { plansOf, type RatePlan } from '../../lib/catalog/plans.js';
import type { RoomType } from '../../lib/catalog/schema.js';
import { CHANNELS, channelOf } from '../../lib/channels/registry.js';
import { getConfig } from '../../lib/config/config.js';
import { ChannelHubError } from '../../lib/errors.js';
import { dashedYmd, isRefusal, nightsBetween, type Order, refOf, WorkState, WorkType } from '../../lib/orders/index.js';
import { eraseExpiredGuestData } from '../../lib/privacy/retention.js';
import { longPollOptions, parseWorkMessage, sqs, workQueue } from '../../lib/queue/work-queue.js';
import type { AriHistoryEntry, InboundRecord } from '../../lib/store/ports.js';
import { stores } from '../../lib/store/stores.js';

/** A mistake in how a command was called or what it names; the CLI prints it and exits 1. */
export class OpsError extends ChannelHubError {
  override readonly name = 'OpsError';
}

/** 张三 → 张*, 13800138000 → 138****8000: enough to recognise, not enough to leak. */
function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

function maskPhone(phone: string): string {
  return phone.length <= 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** zhangsan@example.com → z***@example.com */
function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at <= 0 ? '*'.repeat(Math.min(email.length, 8)) : `${email[0]}***${email.slice(at)}`;
}

const time = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());

/** The ids an order is found by, in words: "order_ext_id, order_id or TaoBaoOrderId". */
const ID_NAMES = ['order_ext_id', ...CHANNELS.map((channel) => channel.orderIdName)];
const anyId = `${ID_NAMES.slice(0, -1).join(', ')} or ${ID_NAMES.at(-1) ?? ''}`;

/** The one order an id names; an id that names one order in each channel needs its order_ext_id. */
async function findOrder(id: string): Promise<Order> {
  const found = await ordersNamed(id);
  const [order, other] = found;
  if (order === undefined) throw new OpsError(`no order with ${anyId} ${id}`);
  if (other !== undefined) {
    throw new OpsError(
      `${id} names orders of ${found.map((entry) => entry.channel).join(' and ')}: give the order_ext_id (${found.map((entry) => entry.orderExtId).join(', ')})`,
    );
  }
  return order;
}

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
  if (found.length === 0 && refused.length === 0) throw new OpsError(`no order with ${anyId} ${id}`);
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
  const orders = await stores().orders.needingOperator();
  const lines = orders.flatMap((order) =>
    Object.values(order.work)
      .filter((item) => item.state === WorkState.Failed || item.state === WorkState.InDoubt)
      .map((item) =>
        item.state === WorkState.InDoubt
          ? `${order.orderExtId} ${order.channel} ${order.orderId} ${item.id} IN DOUBT: look up channel_order_id ${order.orderExtId} in AX's console, then link-ax ${order.orderExtId} <ax_order_code> or recreate-ax ${order.orderExtId} (${item.lastError ?? ''})`
          : `${order.orderExtId} ${order.channel} ${order.orderId} ${item.id} after ${item.attempts} attempts: ${item.lastError ?? ''}`,
      ),
  );
  return lines.length === 0 ? ['no failed work'] : lines;
}

/** `retry`: owes an order's failed work again and sends it to the queue. */
export async function retry(id: string): Promise<string[]> {
  const order = await findOrder(id);
  const retried = (await applyEvent(refOf(order), { type: 'retry-failed' }))?.result.retried ?? [];
  return retried.length === 0
    ? [`order ${order.orderExtId} has no failed work`]
    : retried.map((workId) => `retrying ${workId} of ${order.orderExtId}`);
}

/** How long one redrive may run; the messages it has not reached stay in the DLQ for the next. */
const REDRIVE_DEADLINE_MS = 5 * 60_000;

/**
 * `redrive`: moves the messages that were in the DLQ when it started back to the work queue, owing their
 * work again, and ends. A message sent to the DLQ after it started (work that failed straight back), or
 * naming work this run has already moved, is left there for the next redrive: with a partner that keeps
 * refusing, each redrive costs one more try of each piece of work, never a loop. It also ends at its
 * deadline, saying what it did not reach.
 */
export async function redrive(progress: (line: string) => void = () => undefined): Promise<string[]> {
  const { dlqUrl } = getConfig();
  if (dlqUrl === undefined) throw new OpsError('DLQ_URL is not known for this target');
  const startedAt = Date.now();
  const deadline = startedAt + REDRIVE_DEADLINE_MS;
  const { Attributes } = await sqs().send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  const waiting = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  const lines: string[] = [];
  const moved = new Set<string>();
  let handled = 0;
  const leftBack: string[] = [];
  let timedOut = false;
  for (;;) {
    if (Date.now() >= deadline) {
      timedOut = true;
      break;
    }
    const { Messages } = await sqs().send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        // Long enough that a message left back is not received again in this run: each is seen once.
        VisibilityTimeout: Math.ceil(REDRIVE_DEADLINE_MS / 1000),
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
      longPollOptions(1),
    );
    if (Messages === undefined || Messages.length === 0) break;
    for (const message of Messages) {
      const work = parseWorkMessage(message.Body);
      const key = work === undefined ? '' : `${work.channel} ${work.orderId} ${work.workId}`;
      if (Number(message.Attributes?.SentTimestamp ?? 0) > startedAt || moved.has(key)) {
        leftBack.push(message.ReceiptHandle ?? '');
        continue;
      }
      const named = work === undefined ? undefined : await stores().orders.get(work);
      if (work !== undefined && named !== undefined && !isRefusal(named)) {
        const { workId } = work;
        const retried = await applyEvent(work, { type: 'retry-failed', workIds: [workId] });
        // Work that is pending again was enqueued by applyEvent; anything else still gets a nudge.
        if (retried?.changed !== true) await workQueue().send([work]);
        moved.add(key);
        lines.push(`redrove ${workId} of ${work.orderId}`);
      } else {
        lines.push(`dropped a DLQ message that names no order: ${message.Body?.slice(0, 100)}`);
      }
      await sqs().send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }));
      handled += 1;
      if (handled % 10 === 0) progress(`redrive: ${handled} done, of about ${waiting}`);
    }
  }
  // What failed again was hidden while this run went on, so it was seen once; it is in the DLQ for all to see again.
  let hidden = '';
  try {
    for (let start = 0; start < leftBack.length; start += 10) {
      await sqs().send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: dlqUrl,
          Entries: leftBack
            .slice(start, start + 10)
            .map((ReceiptHandle, index) => ({ Id: String(index), ReceiptHandle, VisibilityTimeout: 0 })),
        }),
      );
    }
  } catch (error) {
    hidden = ` (they show again within ${REDRIVE_DEADLINE_MS / 60_000} minutes: ${(error as Error).message})`;
  }
  if (handled === 0 && leftBack.length === 0 && !timedOut) return ['the DLQ is empty'];
  return [
    ...lines,
    `moved ${moved.size} (the DLQ held ${waiting} when redrive started)` +
      (leftBack.length > 0 ? `; left ${leftBack.length} that failed again meanwhile, for the next redrive${hidden}` : '') +
      (timedOut ? `; stopped at its ${REDRIVE_DEADLINE_MS / 60_000}-minute deadline, run it again to go on` : ''),
  ];
}

/** `link-ax`: attaches an AX order made elsewhere; the worker then polls (or cancels) it like its own. */
export async function linkAx(id: string, axOrderCode: string): Promise<string[]> {
  if (!/^[\w-]{1,64}$/.test(axOrderCode)) throw new OpsError(`not an AX order code: ${axOrderCode}`);
  const order = await findOrder(id);
  await applyEvent(refOf(order), { type: 'link-ax', axOrderCode });
  return [`linked AX order ${axOrderCode} to ${order.orderExtId}`];
}

/**
 * `recreate-ax`: the AX create in doubt is sent again, for an operator who looked up the order's
 * channel_order_id in AX's console and found no AX order for it.
 */
export async function recreateAx(id: string): Promise<string[]> {
  const order = await findOrder(id);
  if (order.work[WorkType.AxCreateOrder]?.state !== WorkState.InDoubt) {
    throw new OpsError(`order ${order.orderExtId} has no AX create in doubt`);
  }
  await applyEvent(refOf(order), { type: 'recreate-ax' });
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
