/**
 * The booking's events as pure functions over the order: it opens, is paid, is cancelled, holds and lets go
 * of its nights, is decided by AX, is linked to an AX order by an operator, and has its guest data erased.
 * Each takes the order and the time and returns the next order with the work that became due, or throws
 * OrderRefused (not-allowed) for a move the state does not allow. No I/O.
 */
import { OrderRefused, Refused } from '../errors.js';
import { nightsBetween } from './dates.js';
import {
  type Booking,
  type Channel,
  ConfirmStatus,
  ERASED,
  type InventoryHold,
  type Order,
  OrderStatus,
  type StayStatus,
  type WorkItem,
  WorkState,
  WorkType,
} from './model.js';
import type { Policy } from './settings.js';
import { type InlineClaim, owe, type Succeed, settle, skipReason, type Transition, unchanged, type WorkValue } from './work.js';

const clone = (order: Order): Order => structuredClone(order);
const changed = (order: Order, due: WorkItem[] = []): Transition => ({ order, due, changed: true });
const only = (item: WorkItem | undefined): WorkItem[] => (item === undefined ? [] : [item]);

function confirm(order: Order, status: ConfirmStatus, now: number, policy: Policy): WorkItem[] {
  order.confirmStatus = status;
  order.confirmedAt = now;
  const tell = policy.owes[order.channel]?.confirmation;
  return tell === undefined ? [] : only(owe(order, tell, now));
}

/**
 * Decides the confirmation once a paid order knows its nights (SPEC §2, §5): out of stock is 2; for a room
 * type AX decides, AX's verdict once it came (even before the payment); otherwise the price check. Once only:
 * a decided order, or one whose AX orders are still deciding, is left as it is.
 */
function decideConfirmation(order: Order, now: number, policy: Policy): WorkItem[] {
  if (order.status !== OrderStatus.Paid || order.confirmedAt !== undefined) return [];
  const nights = order.inventory?.state;
  if (nights === 'pending') return [];
  if (nights === 'out-of-stock') return confirm(order, ConfirmStatus.OutOfStock, now, policy);
  if (order.axVerdict !== undefined) {
    return confirm(order, order.axVerdict === 'confirm' ? ConfirmStatus.Confirmed : ConfirmStatus.OutOfStock, now, policy);
  }
  if (order.axOrderCodes.length > 0 || order.work[WorkType.AxCreateOrder] !== undefined) return [];
  if (order.axMapped) {
    order.confirmStatus = ConfirmStatus.Confirming;
    return only(owe(order, WorkType.AxCreateOrder, now));
  }
  return confirm(order, order.priceChanged ? ConfirmStatus.PriceChanged : ConfirmStatus.Confirmed, now, policy);
}

/** Whether the order wants its rooms held: it stands, and its nights were not found short. */
export function wantsRooms(order: Order): boolean {
  return order.status !== OrderStatus.Cancelled && order.axRejected !== true && order.inventory?.state !== 'out-of-stock';
}

/** Whether the nights may not hold what the order wants: holding still to do, or rooms to give back. */
function nightsOwed(order: Order): boolean {
  const state = order.inventory?.state;
  if (state === undefined) return false;
  return wantsRooms(order) ? state === 'pending' : state === 'pending' || state === 'held';
}

/** Owes the nights' sync when they may not hold what the order wants; `claim` runs it at once, inline. */
function oweNights(order: Order, now: number, claim?: InlineClaim, maxAttempts?: number): WorkItem[] {
  return nightsOwed(order) ? only(owe(order, WorkType.InventorySync, now, { rearm: true, claim, maxAttempts })) : [];
}

/** What a new order is made from: a validated channel request. */
export interface OpenInput {
  channel: Channel;
  orderId: string;
  orderExtId: string;
  booking: Booking;
  fingerprint: string;
  paid: boolean;
  /** The room type maps to an AX product: AX decides the confirmation. */
  axMapped: boolean;
  /** The room type is sold from its own allotment: the order holds its rooms on every night. */
  managed: boolean;
  /** A stay rule refused the stay (its message): the order is kept, holds nothing and is confirmed out of stock. */
  refusedBy?: string;
  /** The total differs from the nightly prices (known at the payment). */
  priceChanged: boolean;
  now: number;
  /** The request that opens the order holds its nights at once, under this claim. */
  claim?: InlineClaim;
}

/**
 * A new order from a validated request.
 * @example openOrder({ channel: 'douyin', orderId: '1', orderExtId: 'HUB1', booking, fingerprint, paid: true, axMapped: false, managed: false, priceChanged: false, now }, policy)
 */
export function openOrder(input: OpenInput, policy: Policy): Transition {
  const { booking, now } = input;
  const stay = {
    spuExtId: booking.spuExtId,
    nights: nightsBetween(booking.checkIn, booking.checkOut),
    rooms: booking.reserveAmount,
  };
  const inventory: InventoryHold | undefined =
    input.refusedBy !== undefined
      ? { ...stay, state: 'out-of-stock', refusedBy: input.refusedBy }
      : input.managed
        ? { ...stay, state: 'pending' }
        : undefined;
  const order: Order = {
    channel: input.channel,
    orderId: input.orderId,
    orderExtId: input.orderExtId,
    status: input.paid ? OrderStatus.Paid : OrderStatus.Unpaid,
    confirmStatus: ConfirmStatus.Confirming,
    booking,
    fingerprint: input.fingerprint,
    axMapped: input.axMapped,
    axOrderCodes: [],
    ...(inventory === undefined ? {} : { inventory }),
    work: {},
    attempts: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const due = oweNights(order, now, input.claim);
  if (!input.paid) return changed(order, due);
  order.paidAt = now;
  order.priceChanged = input.priceChanged;
  return changed(order, [...due, ...decideConfirmation(order, now, policy)]);
}

/** Payment notice: UNPAID → PAID (and a confirmation decision); a repeat is a duplicate; a cancelled order refuses. */
export function pay(current: Order, priceChanged: boolean, now: number, policy: Policy): Transition & { duplicate: boolean } {
  if (current.status === OrderStatus.Cancelled) {
    throw new OrderRefused(Refused.NotAllowed, 'the order is cancelled and cannot be paid', { orderId: current.orderId });
  }
  if (current.status === OrderStatus.Paid) return { ...unchanged(current), duplicate: true };
  const order = clone(current);
  Object.assign(order, { status: OrderStatus.Paid, paidAt: now, updatedAt: now, priceChanged });
  return { ...changed(order, decideConfirmation(order, now, policy)), duplicate: false };
}

/**
 * Cancellation: once (a repeat is a duplicate). Owes AX a cancel for every linked AX order and gives the
 * nights back; work that no longer makes sense is skipped, but an AX creation already attempted stays owed
 * so the AX order it made is cancelled too.
 */
export function cancel(current: Order, now: number, policy: Policy, claim?: InlineClaim): Transition & { duplicate: boolean } {
  if (current.status === OrderStatus.Cancelled) return { ...unchanged(current), duplicate: true };
  const order = clone(current);
  Object.assign(order, { status: OrderStatus.Cancelled, cancelledAt: now, updatedAt: now });
  for (const item of Object.values(order.work)) {
    const reason = item.state === WorkState.Pending ? skipReason(order, item) : undefined;
    if (reason !== undefined) settle(order, item.id, 'done', now, `skipped: ${reason}`);
  }
  const nights = oweNights(order, now, claim, policy.retry.maxAttempts);
  return { ...changed(order, [...oweAxCancels(order, now), ...nights]), duplicate: false };
}

/**
 * A channel asks the supplier to decide a cancel (`accept` undefined: a person decides later). A repeat of
 * the request's id is a duplicate; an accepted request cancels the order as `cancel` does; a decided one owes
 * the channel its decision.
 */
export function requestCancel(
  current: Order,
  request: { id: string; kind: number; audited: boolean; accept?: boolean; reason?: string; by?: string },
  now: number,
  policy: Policy,
  claim?: InlineClaim,
): Transition & { duplicate: boolean } {
  if (current.cancelRequests?.some((one) => one.id === request.id)) return { ...unchanged(current), duplicate: true };
  const order = clone(current);
  order.cancelRequests = [
    ...(order.cancelRequests ?? []),
    {
      id: request.id,
      kind: request.kind,
      audited: request.audited,
      state: 'pending',
      at: now,
      ...(request.reason === undefined ? {} : { reason: request.reason }),
    },
  ];
  order.updatedAt = now;
  if (request.accept === undefined) return { ...changed(order), duplicate: false };
  return { ...decideCancel(order, request.id, request.accept, request.reason, request.by, now, policy, claim), duplicate: false };
}

/** The supplier's decision on a pending cancel request (`order` may be the caller's copy): owed to the channel. */
export function decideCancel(
  current: Order,
  id: string,
  accept: boolean,
  reason: string | undefined,
  by: string | undefined,
  now: number,
  policy: Policy,
  claim?: InlineClaim,
): Transition {
  const index = current.cancelRequests?.findIndex((one) => one.id === id) ?? -1;
  const pending = current.cancelRequests?.[index];
  if (pending === undefined || pending.state !== 'pending') return unchanged(current);
  const base = accept ? cancel(current, now, policy, claim) : changed(clone(current));
  const order = base.order;
  order.cancelRequests = (order.cancelRequests ?? []).map((one) =>
    one.id === id
      ? {
          ...one,
          state: accept ? ('accepted' as const) : ('refused' as const),
          ...(reason === undefined ? {} : { reason }),
          ...(by === undefined ? {} : { decidedBy: by }),
        }
      : one,
  );
  order.updatedAt = now;
  const tell = pending.audited ? policy.owes[order.channel]?.cancelDecision : undefined;
  const told = tell === undefined ? [] : only(owe(order, tell, now, { id: `${tell}:${id}` }));
  return changed(order, [...base.due, ...told]);
}

/** The hotel records the stay (checked in, no-show, checked out): once per status, owed to channels that ask. */
export function recordStay(current: Order, status: StayStatus, by: string, now: number, policy: Policy): Transition {
  if (current.status === OrderStatus.Cancelled) {
    throw new OrderRefused(Refused.NotAllowed, `order ${current.orderId} is cancelled: there is no stay to record`, {
      orderId: current.orderId,
    });
  }
  if (current.stay?.some((entry) => entry.status === status)) return unchanged(current);
  const order = clone(current);
  order.stay = [...(order.stay ?? []), { status, at: now, by }];
  order.updatedAt = now;
  const tell = policy.owes[order.channel]?.stayNotice;
  return changed(order, tell === undefined ? [] : only(owe(order, tell, now, { id: `${tell}:${status}` })));
}

function oweAxCancels(order: Order, now: number): WorkItem[] {
  return order.axOrderCodes.flatMap((code) =>
    only(owe(order, WorkType.AxCancelOrder, now, { id: `${WorkType.AxCancelOrder}:${code}`, axOrderCode: code })),
  );
}

/** AX answered the status of its orders; case-insensitive, as AX's casing has changed over time. */
export type AxVerdict = 'confirm' | 'reject' | 'pending';
export function axVerdict(statuses: string[]): AxVerdict {
  const lower = statuses.map((status) => status.trim().toLowerCase());
  if (lower.some((status) => status === 'supplier reject')) return 'reject';
  if (lower.length > 0 && lower.every((status) => status === 'supplier confirm')) return 'confirm';
  return 'pending';
}

/** AX created its orders (`order` is already a copy): keep their codes; then cancel them, or confirm, or poll. */
function recordAxCreated(order: Order, created: { axOrderCode: string; axOrderStatus: string }[], now: number, policy: Policy) {
  order.axOrderCodes = [...new Set([...order.axOrderCodes, ...created.map((option) => option.axOrderCode)])];
  order.updatedAt = now;
  settle(order, WorkType.AxCreateOrder, 'done', now, `AX orders ${order.axOrderCodes.join(', ')}`);
  if (order.status === OrderStatus.Cancelled) return changed(order, oweAxCancels(order, now));
  const verdict = axVerdict(created.map((option) => option.axOrderStatus));
  if (verdict !== 'pending') return changed(order, recordVerdict(order, verdict, now, policy));
  return changed(order, only(owe(order, WorkType.AxPollOrder, now, { dueAt: now + policy.axPollSeconds * 1000 })));
}

/**
 * AX's final answer: confirm → 0, reject → 2 and the nights given back; told once the order is paid (an AX
 * order an operator linked may decide before), and never for a cancelled order.
 */
function recordVerdict(order: Order, verdict: 'confirm' | 'reject', now: number, policy: Policy): WorkItem[] {
  order.updatedAt = now;
  if (order.status === OrderStatus.Cancelled) {
    settle(order, WorkType.AxPollOrder, 'done', now, `AX ${verdict} after cancellation`);
    return [];
  }
  settle(order, WorkType.AxPollOrder, 'done', now, `AX ${verdict}`);
  order.axVerdict = verdict;
  if (verdict === 'reject') order.axRejected = true;
  return [...decideConfirmation(order, now, policy), ...oweNights(order, now)];
}

/** An operator attached an AX order made elsewhere (`ops link-ax`): as if AX had created it, still pending. */
export function linkAxOrder(current: Order, axOrderCode: string, now: number, policy: Policy): Transition {
  return recordAxCreated(clone(current), [{ axOrderCode, axOrderStatus: 'Supplier pending' }], now, policy);
}

/** What the nights hold now, as the sync found them; the confirmation waits for it, and a change of mind meanwhile owes another sync. */
function recordNights(order: Order, nights: 'held' | 'short' | 'released', now: number, policy: Policy): Transition {
  const hold = order.inventory;
  if (hold !== undefined) hold.state = nights === 'held' ? 'held' : nights === 'short' ? 'out-of-stock' : 'released';
  settle(order, WorkType.InventorySync, 'done', now, `nights ${nights}`);
  return changed(order, [...decideConfirmation(order, now, policy), ...oweNights(order, now)]);
}

/**
 * What a call's success does to the booking, by the kind of work (the worker's and the inline runs' outcome).
 * @example recordOutcome(order, event, now, policy, succeedWith(policy))
 */
export function succeedWith(policy: Policy): Succeed {
  return (order, item, value: WorkValue, now) => {
    const done = (note: string) => {
      settle(order, item.id, 'done', now, note);
      return changed(order);
    };
    switch (value.type) {
      case WorkType.DouyinOrderStatus:
        return done(`Douyin told status ${order.confirmStatus}`);
      case WorkType.DouyinHotelConfirm:
        return done(order.confirmStatus === ConfirmStatus.Confirmed ? 'Douyin told: accepted' : 'Douyin told: rejected');
      case WorkType.DouyinHotelCancelAudit:
        return done('Douyin told the cancel decision');
      case WorkType.DouyinHotelStayNotice:
        return done('Douyin told the stay');
      case WorkType.AxCancelOrder:
        return done(`AX order ${item.axOrderCode ?? ''} cancelled`);
      case WorkType.DouyinOrderSync: {
        const synced = done(`synced ${order.status}`);
        if (order.updatedAt === value.sentUpdatedAt) return synced;
        // The order changed while this sync was on its way (re-arming skipped it as still pending): send the newer state too.
        return changed(synced.order, only(owe(synced.order, WorkType.DouyinOrderSync, now, { rearm: true })));
      }
      case WorkType.AxCreateOrder:
        return recordAxCreated(order, value.created, now, policy);
      case WorkType.AxPollOrder: {
        const verdict = axVerdict(value.statuses);
        return verdict === 'pending'
          ? { pending: `AX status ${value.statuses.join(', ')}` }
          : changed(order, recordVerdict(order, verdict, now, policy));
      }
      case WorkType.InventorySync:
        return recordNights(order, value.nights, now, policy);
    }
  };
}

/**
 * With DOUYIN_ORDER_SYNC on, a change of a Douyin order's state also owes Douyin an order sync (re-armed). A
 * write that only records work (an attempt, a delivery) leaves `updatedAt` alone and owes nothing.
 */
export function withOrderSync<T extends Transition>(transition: T, before: Order | undefined, now: number, policy: Policy): T {
  const { order } = transition;
  const work = policy.owes[order.channel]?.stateChange;
  if (!policy.orderSync || work === undefined || !transition.changed || before?.updatedAt === order.updatedAt) {
    return transition;
  }
  const sync = owe(order, work, now, { rearm: true });
  return sync === undefined ? transition : { ...transition, due: [...transition.due, sync] };
}

/**
 * Erases the guest's data (SPEC §7): name, phone, e-mail, guests and remark are replaced; ids, dates, money,
 * states and attempts stay; a repeat changes nothing. The fingerprint (a hash over the booking, the phone
 * included) goes too: a commit of the same order id so long after check-out is a conflict.
 * @example eraseGuestData(order, Date.now()).order.booking.customerName // '[erased]'
 */
export function eraseGuestData(current: Order, now: number): Transition {
  if (current.guestDataErasedAt !== undefined) return unchanged(current);
  const { remark: _remark, customerEmail: _email, ...booking } = current.booking;
  const order: Order = {
    ...current,
    booking: { ...booking, customerName: ERASED, customerPhone: ERASED, customerList: [] },
    fingerprint: ERASED,
    guestDataErasedAt: now,
  };
  return changed(order);
}
