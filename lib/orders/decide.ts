/**
 * The order's events and the one function that decides every change of a stored order:
 * `decide(order, event, now, policy)` returns the next order, the work that became due and the event's
 * result, or throws OrderRefused for a move the state does not allow. The repeat rules live here: a repeated
 * commit, payment or cancel answers `duplicate: true`, whichever writer won the race. No I/O.
 */
import { OrderRefused, Refused } from '../errors.js';
import {
  cancel,
  decideCancel,
  eraseGuestData,
  linkAxOrder,
  type OpenInput,
  openOrder,
  pay,
  recordStay,
  requestCancel,
  succeedWith,
  withOrderSync,
} from './booking.js';
import { type Order, OrderStatus, type StayStatus } from './model.js';
import type { Policy } from './settings.js';
import {
  claim,
  doubt,
  type InlineClaim,
  type OutcomeEvent,
  recordOutcome,
  recreateInDoubt,
  retryFailed,
  skip,
  sweep,
  type Transition,
  unchanged,
  type WorkResult,
} from './work.js';

export type OrderEvent =
  /** The same order id committed again: the same content is a duplicate (and, marked paid, the payment). */
  | { type: 'commit'; fingerprint: string; paid: boolean; priceChanged: boolean }
  | { type: 'pay'; priceChanged: boolean }
  /** `claim`: the cancelling request gives the nights back itself, at once. */
  | { type: 'cancel'; claim?: InlineClaim }
  /** A channel asks the supplier to decide a cancel; `accept` undefined leaves it to a person. */
  | {
      type: 'request-cancel';
      id: string;
      kind: number;
      audited: boolean;
      accept?: boolean;
      reason?: string;
      by?: string;
      claim?: InlineClaim;
    }
  /** The hotel records the stay. */
  | { type: 'stay'; status: StayStatus; by: string }
  /** A person decides a pending cancel request. */
  | { type: 'decide-cancel'; id: string; accept: boolean; reason?: string; by: string; claim?: InlineClaim }
  /** Records the attempt and a lease before a call that must not run twice at once. */
  | { type: 'claim'; workId: string; request: string; token: string }
  | { type: 'skip'; workId: string; reason: string }
  | ({ type: 'outcome' } & OutcomeEvent)
  /** A claimed AX create whose outcome was never recorded: held for an operator. */
  | { type: 'doubt'; workId: string; note: string }
  /** The sweeper re-sends work overdue by the grace period, and marks it so the next sweeps leave it be. */
  | { type: 'sweep' }
  | { type: 'retry-failed'; workIds?: string[] }
  /** An operator asks for the AX create in doubt to be sent again: AX has no order for it. */
  | { type: 'recreate-ax' }
  | { type: 'link-ax'; axOrderCode: string }
  | { type: 'erase-guest-data' };

/** What each event answers beside the order. */
export type ResultOf<E extends OrderEvent> = E extends { type: 'commit' | 'pay' | 'cancel' | 'request-cancel' }
  ? { duplicate: boolean }
  : E extends { type: 'claim' }
    ? { claimed: boolean; gaveUp?: string }
    : E extends { type: 'outcome' }
      ? WorkResult
      : E extends { type: 'sweep' }
        ? { swept: string[] }
        : E extends { type: 'retry-failed' | 'recreate-ax' }
          ? { retried: string[] }
          : undefined;

export type Decision<R> = Transition & { result: R };

function repeatCommit(current: Order, event: Extract<OrderEvent, { type: 'commit' }>, now: number, policy: Policy) {
  if (current.fingerprint !== event.fingerprint) {
    throw new OrderRefused(Refused.Conflict, `order ${current.orderId} was already placed with other content`, {
      orderId: current.orderId,
    });
  }
  // A repeat marked paid counts as the payment.
  const paid =
    event.paid && current.status === OrderStatus.Unpaid ? pay(current, event.priceChanged, now, policy) : unchanged(current);
  return { ...paid, result: { duplicate: true } };
}

function decideOnly(order: Order, event: OrderEvent, now: number, policy: Policy): Decision<unknown> {
  const plain = (transition: Transition) => ({ ...transition, result: undefined });
  const repeatable = ({ duplicate, ...transition }: Transition & { duplicate: boolean }) => ({
    ...transition,
    result: { duplicate },
  });
  switch (event.type) {
    case 'commit':
      return repeatCommit(order, event, now, policy);
    case 'pay':
      return repeatable(pay(order, event.priceChanged, now, policy));
    case 'cancel':
      return repeatable(cancel(order, now, policy, event.claim));
    case 'request-cancel':
      return repeatable(requestCancel(order, event, now, policy, event.claim));
    case 'stay':
      return plain(recordStay(order, event.status, event.by, now, policy));
    case 'decide-cancel':
      return plain(decideCancel(order, event.id, event.accept, event.reason, event.by, now, policy, event.claim));
    case 'claim':
      return claim(order, event.workId, event.request, event.token, now, policy);
    case 'skip':
      return skip(order, event.workId, event.reason, now);
    case 'outcome':
      return recordOutcome(order, event, now, policy, succeedWith(policy));
    case 'doubt':
      return doubt(order, event.workId, event.note, now);
    case 'sweep':
      return sweep(order, now, policy);
    case 'retry-failed':
      return retryFailed(order, now, event.workIds);
    case 'recreate-ax':
      return recreateInDoubt(order, now);
    case 'link-ax':
      return plain(linkAxOrder(order, event.axOrderCode, now, policy));
    case 'erase-guest-data':
      return plain(eraseGuestData(order, now));
  }
}

/**
 * The order's policy: the next order, the work now due and the event's result.
 * @example decide(order, { type: 'cancel' }, Date.now(), policyOf(getConfig(), CHANNEL_OWES)).result // { duplicate: false }
 */
export function decide<E extends OrderEvent>(order: Order, event: E, now: number, policy: Policy): Decision<ResultOf<E>> {
  return withOrderSync(decideOnly(order, event, now, policy), order, now, policy) as Decision<ResultOf<E>>;
}

/**
 * A new order from a validated request (the first of its order id), with what it owes at once.
 * @example open({ channel: 'douyin', orderId, orderExtId, booking, fingerprint, paid: true, axMapped: false, managed: false, priceChanged: false, now }, policy)
 */
export function open(input: OpenInput, policy: Policy): Transition {
  return withOrderSync(openOrder(input, policy), undefined, input.now, policy);
}
