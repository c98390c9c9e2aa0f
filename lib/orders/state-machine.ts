/**
 * The order state machine as pure functions over data (no I/O): each takes an order and the time and
 * returns the next order plus the work that became due, or throws HubError 40902 for a move the state
 * does not allow.
 */
import type { CatalogEntry } from '../catalog/catalog.js';
import { ErrorCode, HubError } from '../errors.js';
import { nightsBetween } from './dates.js';
import { type Booking, ConfirmStatus, type Order, OrderStatus, type WorkItem, WorkState, WorkType } from './model.js';
import { expectedTotal } from './pricing.js';

/** The next order and the work items that became pending with it (to enqueue at once). */
export interface Transition {
  order: Order;
  due: WorkItem[];
  /** False when the event was a repeat that changed nothing. */
  changed: boolean;
}

function clone(order: Order): Order {
  return structuredClone(order);
}

/** Owes a piece of work; a pending item with the same id is kept as it is (no duplicate work). */
export function owe(
  order: Order,
  type: WorkItem['type'],
  now: number,
  options: { id?: string; axOrderCode?: string; dueAt?: number; rearm?: boolean } = {},
): WorkItem | undefined {
  const id = options.id ?? type;
  const existing = order.work[id];
  if (existing !== undefined && (existing.state === WorkState.Pending || !options.rearm)) return undefined;
  const item: WorkItem = {
    id,
    type,
    state: WorkState.Pending,
    attempts: 0,
    dueAt: options.dueAt ?? now,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    ...(options.axOrderCode === undefined ? {} : { axOrderCode: options.axOrderCode }),
  };
  order.work[id] = item;
  return item;
}

/** Closes a piece of work as done or failed, with a note for the on-call engineer. */
export function settle(order: Order, id: string, state: 'done' | 'failed', now: number, note?: string): void {
  const item = order.work[id];
  if (item === undefined || item.state !== WorkState.Pending) return;
  item.state = state;
  item.updatedAt = now;
  delete item.leaseUntil;
  if (note !== undefined) item[state === 'failed' ? 'lastError' : 'note'] = note;
}

/** Work still owed, soonest first. */
export function pendingWork(order: Order): WorkItem[] {
  return Object.values(order.work)
    .filter((item) => item.state === WorkState.Pending)
    .sort((a, b) => a.dueAt - b.dueAt);
}

/** When a pending item can next be picked up: due, not held by a worker, not just re-sent by the sweeper. */
export function readyAt(item: WorkItem): number {
  return Math.max(item.dueAt, item.leaseUntil ?? 0, item.resweepAt ?? 0);
}

/** When the order next needs the worker (the earliest ready pending work), or undefined. */
export function nextDueAt(order: Order): number | undefined {
  const times = pendingWork(order).map(readyAt);
  return times.length === 0 ? undefined : Math.min(...times);
}

/**
 * Decides confirmation once an order is paid (SPEC §2, §5): out of stock is 2 at once; AX decides for mapped
 * room types; otherwise the price check.
 */
function confirmOnPayment(order: Order, entry: CatalogEntry | undefined, now: number): WorkItem[] {
  if (order.inventory?.state === 'out-of-stock') return confirm(order, ConfirmStatus.OutOfStock, now);
  if (entry?.roomType.ax !== undefined) {
    order.axMapped = true;
    order.confirmStatus = ConfirmStatus.Confirming;
    const create = owe(order, WorkType.AxCreateOrder, now);
    return create === undefined ? [] : [create];
  }
  const { booking } = order;
  const expected =
    entry === undefined
      ? undefined
      : expectedTotal(entry.roomType.rate, booking.checkIn, booking.checkOut, booking.reserveAmount);
  const status = expected === undefined || expected === booking.totalPrice ? ConfirmStatus.Confirmed : ConfirmStatus.PriceChanged;
  return confirm(order, status, now);
}

function confirm(order: Order, status: ConfirmStatus, now: number): WorkItem[] {
  order.confirmStatus = status;
  order.confirmedAt = now;
  const notify = owe(order, WorkType.DouyinOrderStatus, now);
  return notify === undefined ? [] : [notify];
}

/**
 * A new order from a validated commit.
 * @example openOrder({ orderId: '1', orderExtId: 'HUB1', booking, fingerprint, paid: true, entry, now })
 */
export function openOrder(input: {
  orderId: string;
  orderExtId: string;
  booking: Booking;
  fingerprint: string;
  paid: boolean;
  entry: CatalogEntry;
  now: number;
  /** For a room type with its own allotment: whether the commit holds its rooms (default) or found none. */
  stock?: 'held' | 'out-of-stock';
}): Transition {
  const { booking, entry } = input;
  const order: Order = {
    orderId: input.orderId,
    orderExtId: input.orderExtId,
    channel: 'douyin',
    status: input.paid ? OrderStatus.Paid : OrderStatus.Unpaid,
    confirmStatus: ConfirmStatus.Confirming,
    booking: input.booking,
    fingerprint: input.fingerprint,
    axMapped: input.entry.roomType.ax !== undefined,
    axOrderCodes: [],
    ...(entry.roomType.inventory === undefined
      ? {}
      : {
          inventory: {
            spuExtId: booking.spuExtId,
            nights: nightsBetween(booking.checkIn, booking.checkOut),
            rooms: booking.reserveAmount,
            state: input.stock ?? 'held',
          },
        }),
    work: {},
    attempts: [],
    version: 1,
    createdAt: input.now,
    updatedAt: input.now,
  };
  if (!input.paid) return { order, due: [], changed: true };
  order.paidAt = input.now;
  return { order, due: confirmOnPayment(order, input.entry, input.now), changed: true };
}

/** Payment notice: UNPAID → PAID (and a confirmation decision); a repeat changes nothing; a cancelled order refuses. */
export function pay(current: Order, entry: CatalogEntry | undefined, now: number): Transition {
  if (current.status === OrderStatus.Cancelled) {
    throw new HubError(ErrorCode.NotAllowed, 'status: order is cancelled and cannot be paid', { orderId: current.orderId });
  }
  if (current.status === OrderStatus.Paid) return { order: current, due: [], changed: false };
  const order = clone(current);
  order.status = OrderStatus.Paid;
  order.paidAt = now;
  order.updatedAt = now;
  return { order, due: confirmOnPayment(order, entry, now), changed: true };
}

/**
 * Cancellation: once. Owes AX a cancel for every linked AX order; work that no longer makes sense is
 * skipped, but an AX creation already attempted stays owed so the AX order it made is cancelled too.
 */
export function cancel(current: Order, now: number): Transition {
  if (current.status === OrderStatus.Cancelled) return { order: current, due: [], changed: false };
  const order = clone(current);
  order.status = OrderStatus.Cancelled;
  order.cancelledAt = now;
  order.updatedAt = now;
  release(order);
  for (const item of Object.values(order.work)) {
    if (item.state === WorkState.Pending && skipReason(order, item) !== undefined) {
      settle(order, item.id, 'done', now, 'skipped: order cancelled');
    }
  }
  return { order, due: oweAxCancels(order, now), changed: true };
}

function oweAxCancels(order: Order, now: number): WorkItem[] {
  return order.axOrderCodes.flatMap((code) => {
    const item = owe(order, WorkType.AxCancelOrder, now, { id: `${WorkType.AxCancelOrder}:${code}`, axOrderCode: code });
    return item === undefined ? [] : [item];
  });
}

/**
 * Why a pending piece of work must not run now that the order is as it is, or undefined. The one rule for
 * the worker and for the cancel: an AX creation already attempted stays owed, so what it made is cancelled.
 */
export function skipReason(order: Order, item: WorkItem): string | undefined {
  const cancelled = order.status === OrderStatus.Cancelled;
  switch (item.type) {
    case WorkType.DouyinOrderStatus:
    case WorkType.AxPollOrder:
      return cancelled ? 'order cancelled' : undefined;
    case WorkType.AxCreateOrder:
      if (order.axOrderCodes.length > 0) return `AX orders already held: ${order.axOrderCodes.join(', ')}`;
      return cancelled && item.attempts === 0 && item.leaseUntil === undefined ? 'order cancelled before AX creation' : undefined;
    default:
      return undefined;
  }
}

/** AX answered the status of its orders; case-insensitive, as AX's casing has changed over time. */
export type AxVerdict = 'confirm' | 'reject' | 'pending';
export function axVerdict(statuses: string[]): AxVerdict {
  const lower = statuses.map((status) => status.trim().toLowerCase());
  if (lower.some((status) => status === 'supplier reject')) return 'reject';
  if (lower.length > 0 && lower.every((status) => status === 'supplier confirm')) return 'confirm';
  return 'pending';
}

/** An AX order as AX reported it. */
export interface AxCreated {
  axOrderCode: string;
  axOrderStatus: string;
}

/** AX created its orders: keep their codes; then cancel them (order cancelled meanwhile), or confirm, or poll. */
export function recordAxCreated(current: Order, created: AxCreated[], now: number, pollSeconds: number): Transition {
  const order = clone(current);
  order.axOrderCodes = [...new Set([...order.axOrderCodes, ...created.map((option) => option.axOrderCode)])];
  order.updatedAt = now;
  settle(order, WorkType.AxCreateOrder, 'done', now, `AX orders ${order.axOrderCodes.join(', ')}`);
  if (order.status === OrderStatus.Cancelled) return { order, due: oweAxCancels(order, now), changed: true };
  const verdict = axVerdict(created.map((option) => option.axOrderStatus));
  if (verdict !== 'pending') return { order, due: decide(order, verdict, now), changed: true };
  const poll = owe(order, WorkType.AxPollOrder, now, { dueAt: now + pollSeconds * 1000 });
  return { order, due: poll === undefined ? [] : [poll], changed: true };
}

/** An operator attached an AX order made elsewhere (`ops link-ax`): as if AX had created it, still pending. */
export function linkAxOrder(current: Order, axOrderCode: string, now: number, pollSeconds: number): Transition {
  return recordAxCreated(current, [{ axOrderCode, axOrderStatus: 'Supplier pending' }], now, pollSeconds);
}

/** Gives back what the order holds, once: the store releases its nights in the same write. */
function release(order: Order): void {
  if (order.inventory?.state === 'held') order.inventory = { ...order.inventory, state: 'released' };
}

function decide(order: Order, verdict: 'confirm' | 'reject', now: number): WorkItem[] {
  settle(order, WorkType.AxPollOrder, 'done', now, `AX ${verdict}`);
  if (verdict === 'reject') {
    order.axRejected = true;
    release(order);
  }
  return confirm(order, verdict === 'confirm' ? ConfirmStatus.Confirmed : ConfirmStatus.OutOfStock, now);
}

/** AX's final answer to a poll: confirm → Douyin 0, reject → Douyin 2 (nothing is told for a cancelled order). */
export function recordAxVerdict(current: Order, verdict: 'confirm' | 'reject', now: number): Transition {
  const order = clone(current);
  order.updatedAt = now;
  if (order.status === OrderStatus.Cancelled) {
    settle(order, WorkType.AxPollOrder, 'done', now, `AX ${verdict} after cancellation`);
    return { order, due: [], changed: true };
  }
  return { order, due: decide(order, verdict, now), changed: true };
}

/** An operator owes failed work again (`ops retry`, `ops redrive`): attempts start over, due now. */
export function retryFailed(current: Order, now: number, workIds?: string[]): Transition {
  const order = clone(current);
  const due: WorkItem[] = [];
  for (const item of Object.values(order.work)) {
    if (item.state !== WorkState.Failed || (workIds !== undefined && !workIds.includes(item.id))) continue;
    item.state = WorkState.Pending;
    item.attempts = 0;
    item.dueAt = now;
    item.updatedAt = now;
    item.note = `retried by an operator after: ${item.lastError ?? 'failure'}`;
    delete item.lastError;
    delete item.resweepAt;
    due.push(item);
  }
  return due.length === 0 ? { order: current, due, changed: false } : { order, due, changed: true };
}

/** How many work items gave up (kept on the item so `ops failed` can find them). */
export function failedCount(order: Order): number {
  return Object.values(order.work).filter((item) => item.state === WorkState.Failed).length;
}

/** What an erased text reads as. */
export const ERASED = '[erased]';

/**
 * Erases the guest's data (SPEC §7): name, phone, customer list and remark are replaced; ids, dates, money,
 * states and attempts stay; a repeat changes nothing. The fingerprint (a hash over the booking, the phone
 * included) goes too: a commit of the same order_id so long after check-out is a conflict.
 * @example eraseGuestData(order, Date.now()).order.booking.customerName // '[erased]'
 */
export function eraseGuestData(current: Order, now: number): Transition {
  if (current.guestDataErasedAt !== undefined) return { order: current, due: [], changed: false };
  const { remark: _remark, ...booking } = current.booking;
  const order: Order = {
    ...current,
    booking: { ...booking, customerName: ERASED, customerPhone: ERASED, customerList: [] },
    fingerprint: ERASED,
    guestDataErasedAt: now,
  };
  return { order, due: [], changed: true };
}
