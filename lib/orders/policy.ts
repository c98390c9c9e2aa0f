/**
 * The order's policy in one pure function: `decide(order, event, now, policy)` returns the next order, the
 * work that became due and the event's result, or throws HubError for a move the state does not allow.
 * Everything that changes an order after its commit goes through it: the payment, a repeated commit, the
 * cancel, a worker's claim and the outcome of its call (retry, give up, poll again, the 72-hour AX limit),
 * the skip rules, the sweeper's mark, an operator's retry or link, the erasure of guest data. No I/O.
 */
import type { CatalogEntry } from '../catalog/catalog.js';
import { ErrorCode, HubError } from '../errors.js';
import { type Attempt, type Order, OrderStatus, type WorkItem, WorkState, WorkType } from './model.js';
import { backoffSeconds, exhausted, type RetryPolicy } from './retry-policy.js';
import {
  type AxCreated,
  axVerdict,
  cancel,
  eraseGuestData,
  linkAxOrder,
  openOrder,
  owe,
  pay,
  readyAt,
  recordAxCreated,
  recordAxVerdict,
  retryFailed,
  settle,
  skipReason,
  type Transition,
} from './state-machine.js';

export { skipReason };

/** The settings the policy reads; `policyOf(getConfig())` makes one. */
export interface Policy {
  retry: RetryPolicy;
  axPollSeconds: number;
  axPollLimitSeconds: number;
  sweepGraceSeconds: number;
  /** DOUYIN_ORDER_SYNC: every change of the order's state owes Douyin an order sync. */
  orderSync: boolean;
}

/** How long a claim holds the work: longer than the slowest call (AX 10 s) with room to record it. */
export const LEASE_MS = 60_000;
/** A message this much ahead of its work's due time waits for it rather than running early. */
export const EARLY_SLACK_MS = 2_000;

/** What a successful call brought back, by the kind of work. */
export type WorkValue =
  | { type: typeof WorkType.DouyinOrderStatus }
  | { type: typeof WorkType.AxCancelOrder }
  /** The order's `updatedAt` as it was sent. */
  | { type: typeof WorkType.DouyinOrderSync; sentUpdatedAt: number }
  | { type: typeof WorkType.AxCreateOrder; created: AxCreated[] }
  | { type: typeof WorkType.AxPollOrder; statuses: string[] };

/** How a call ended (lib/http/outbound.ts's CallOutcome, with its value read for the policy). */
export type WorkOutcome =
  | { kind: 'retry' | 'permanent'; detail: string; httpStatus?: number }
  | { kind: 'ok'; value: WorkValue; httpStatus?: number; detail?: string };

/** What the SQS side should do with a work message. */
export type WorkResult =
  | { action: 'ack'; note: string }
  | { action: 'retry'; delaySeconds: number; note: string }
  | { action: 'failed'; note: string }
  | { action: 'later'; delaySeconds: number; note: string };

export type OrderEvent =
  /** The same order_id committed again: the same content is a duplicate (and, marked paid, the payment). */
  | { type: 'commit'; fingerprint: string; paid: boolean; entry: CatalogEntry | undefined }
  | { type: 'pay'; entry: CatalogEntry | undefined }
  | { type: 'cancel' }
  /** Records the attempt and a lease before a call that must not run twice at once. */
  | { type: 'claim'; workId: string; request: string }
  | { type: 'skip'; workId: string; reason: string }
  | { type: 'outcome'; workId: string; request: string; startedAt: number; outcome: WorkOutcome; claimed: boolean }
  /** The sweeper re-sends work overdue by the grace period, and marks it so the next sweeps leave it be. */
  | { type: 'sweep' }
  | { type: 'retry-failed'; workIds?: string[] }
  | { type: 'link-ax'; axOrderCode: string }
  | { type: 'erase-guest-data' };

/** What each event answers beside the order. */
export type ResultOf<E extends OrderEvent> = E extends { type: 'commit' }
  ? { duplicate: true }
  : E extends { type: 'claim' }
    ? { claimed: boolean }
    : E extends { type: 'outcome' }
      ? WorkResult
      : E extends { type: 'sweep' }
        ? { swept: string[] }
        : E extends { type: 'retry-failed' }
          ? { retried: string[] }
          : undefined;

export type Decision<R> = Transition & { result: R };

const unchanged = <R>(order: Order, result: R): Decision<R> => ({ order, due: [], changed: false, result });

/**
 * Whether a message's work may run now: the item, or what to do with the message instead.
 * @example const gate = workReadiness(order, 'douyin.order-status', Date.now())
 */
export function workReadiness(
  order: Order | undefined,
  workId: string,
  now: number,
): { order: Order; item: WorkItem } | { result: WorkResult } {
  const item = order?.work[workId];
  if (order === undefined || item === undefined) return { result: { action: 'ack', note: 'no such work' } };
  if (item.state !== WorkState.Pending) return { result: { action: 'ack', note: `already ${item.state}` } };
  if ((item.leaseUntil ?? 0) > now) return { result: { action: 'ack', note: 'held by another worker' } };
  if (item.dueAt > now + EARLY_SLACK_MS) {
    return { result: { action: 'later', delaySeconds: Math.ceil((item.dueAt - now) / 1000), note: 'not due yet' } };
  }
  return { order, item };
}

function attemptOf(workId: string, request: string, at: number, outcome: Attempt['outcome'], extra: Partial<Attempt> = {}) {
  return { workId, at, request, outcome, ...extra };
}

/** What a call's success does to the order, by the kind of work: a transition, or "still pending". */
function succeed(order: Order, item: WorkItem, value: WorkValue, now: number, policy: Policy): Transition | { pending: string } {
  switch (value.type) {
    case WorkType.DouyinOrderStatus:
      return done(order, item, now, `Douyin told status ${order.confirmStatus}`);
    case WorkType.AxCancelOrder:
      return done(order, item, now, `AX order ${item.axOrderCode ?? ''} cancelled`);
    case WorkType.DouyinOrderSync: {
      const synced = done(order, item, now, `synced ${order.status}`);
      if (order.updatedAt === value.sentUpdatedAt) return synced;
      // The order changed while this sync was on its way (re-arming skipped it as still pending): send the newer state too.
      const again = owe(synced.order, WorkType.DouyinOrderSync, now, { rearm: true });
      return { ...synced, due: again === undefined ? [] : [again] };
    }
    case WorkType.AxCreateOrder:
      return recordAxCreated(order, value.created, now, policy.axPollSeconds);
    case WorkType.AxPollOrder: {
      const verdict = axVerdict(value.statuses);
      return verdict === 'pending' ? { pending: `AX status ${value.statuses.join(', ')}` } : recordAxVerdict(order, verdict, now);
    }
  }
}

function done(order: Order, item: WorkItem, now: number, note: string): Transition {
  settle(order, item.id, 'done', now, note);
  return { order, due: [], changed: true };
}

/** Writes the outcome of one call onto the order and says what to do with the message. */
function recordOutcome(current: Order, event: Extract<OrderEvent, { type: 'outcome' }>, now: number, policy: Policy) {
  const next = structuredClone(current);
  const item = next.work[event.workId];
  if (item === undefined || item.state !== WorkState.Pending) {
    return unchanged<WorkResult>(current, { action: 'ack', note: 'resolved meanwhile' });
  }
  const { outcome } = event;
  if (!event.claimed) item.attempts += 1;
  delete item.leaseUntil;
  item.updatedAt = now;
  const extra = { httpStatus: outcome.httpStatus, durationMs: now - event.startedAt, detail: outcome.detail };
  const record = (kind: Attempt['outcome'], more: Partial<Attempt> = {}) => {
    next.attempts.push(attemptOf(event.workId, event.request, now, kind, { ...extra, ...more }));
  };
  const changed = (result: WorkResult): Decision<WorkResult> => ({ order: next, due: [], changed: true, result });

  if (outcome.kind === 'ok') {
    const effect = succeed(next, item, outcome.value, now, policy);
    if (!('pending' in effect)) {
      effect.order.attempts.push(attemptOf(event.workId, event.request, now, 'delivered', extra));
      return { ...effect, changed: true, result: { action: 'ack', note: 'delivered' } };
    }
    if (now - item.createdAt > policy.axPollLimitSeconds * 1000) {
      // A supplier who never decides must reach a person, not be polled forever.
      item.state = WorkState.Failed;
      item.lastError = `AX has not decided after ${Math.round((now - item.createdAt) / 3_600_000)} h (${effect.pending})`;
      record('failed', { detail: item.lastError });
      return changed({ action: 'failed', note: item.lastError });
    }
    item.attempts = 0;
    item.dueAt = now + policy.axPollSeconds * 1000;
    item.note = effect.pending;
    record('pending', { detail: effect.pending });
    return changed({ action: 'later', delaySeconds: policy.axPollSeconds, note: effect.pending });
  }
  item.lastError = outcome.detail;
  if (outcome.kind === 'permanent' || exhausted(item.attempts, policy.retry)) {
    item.state = WorkState.Failed;
    record('failed');
    const why = outcome.kind === 'permanent' ? 'permanent error' : `gave up after ${item.attempts} attempts`;
    return changed({ action: 'failed', note: `${why}: ${outcome.detail}` });
  }
  const delaySeconds = backoffSeconds(item.attempts, policy.retry);
  item.dueAt = now + delaySeconds * 1000;
  record('retry');
  return changed({ action: 'retry', delaySeconds, note: outcome.detail });
}

function claim(current: Order, event: Extract<OrderEvent, { type: 'claim' }>, now: number) {
  const item = current.work[event.workId];
  if (item === undefined || item.state !== WorkState.Pending || (item.leaseUntil ?? 0) > now) {
    return unchanged(current, { claimed: false });
  }
  const next = structuredClone(current);
  const held = next.work[event.workId] as WorkItem;
  held.attempts += 1;
  held.leaseUntil = now + LEASE_MS;
  held.updatedAt = now;
  next.attempts.push(attemptOf(event.workId, event.request, now, 'started'));
  return { order: next, due: [], changed: true, result: { claimed: true } };
}

function sweep(current: Order, now: number, policy: Policy) {
  const graceMs = policy.sweepGraceSeconds * 1000;
  const next = structuredClone(current);
  const swept = Object.values(next.work)
    .filter((item) => item.state === WorkState.Pending && readyAt(item) <= now - graceMs)
    .map((item) => {
      item.resweepAt = now + graceMs;
      return item.id;
    });
  return swept.length === 0 ? unchanged(current, { swept }) : { order: next, due: [], changed: true, result: { swept } };
}

function skip(current: Order, event: Extract<OrderEvent, { type: 'skip' }>, now: number) {
  if (current.work[event.workId]?.state !== WorkState.Pending) return unchanged(current, undefined);
  const next = structuredClone(current);
  settle(next, event.workId, 'done', now, `skipped: ${event.reason}`);
  return { order: next, due: [], changed: true, result: undefined };
}

function repeatCommit(current: Order, event: Extract<OrderEvent, { type: 'commit' }>, now: number) {
  if (current.fingerprint !== event.fingerprint) {
    throw new HubError(ErrorCode.Conflict, `order_id: ${current.orderId} was already committed with different content`, {
      orderId: current.orderId,
    });
  }
  // A repeat marked paid counts as the payment.
  const paid = event.paid && current.status === OrderStatus.Unpaid ? pay(current, event.entry, now) : undefined;
  return { ...(paid ?? { order: current, due: [], changed: false }), result: { duplicate: true as const } };
}

/**
 * With DOUYIN_ORDER_SYNC on, a change of the order's state also owes Douyin an order sync (re-armed). A
 * write that only records work (an attempt, a delivery) leaves `updatedAt` alone and owes nothing.
 */
function withOrderSync<T extends Transition>(decision: T, before: Order | undefined, now: number, policy: Policy): T {
  if (!policy.orderSync || !decision.changed || before?.updatedAt === decision.order.updatedAt) return decision;
  const sync = owe(decision.order, WorkType.DouyinOrderSync, now, { rearm: true });
  return sync === undefined ? decision : { ...decision, due: [...decision.due, sync] };
}

/**
 * A new order from a validated commit (the first of its order_id), with what it owes at once.
 * @example open({ orderId, orderExtId, booking, fingerprint, paid: true, entry, now }, policy)
 */
export function open(input: Parameters<typeof openOrder>[0], policy: Policy): Transition {
  return withOrderSync(openOrder(input), undefined, input.now, policy);
}

/**
 * The order's policy: the next order, the work now due and the event's result.
 * @example decide(order, { type: 'cancel' }, Date.now(), policyOf(getConfig()))
 */
export function decide<E extends OrderEvent>(order: Order, event: E, now: number, policy: Policy): Decision<ResultOf<E>> {
  return withOrderSync(decideOnly(order, event, now, policy), order, now, policy) as Decision<ResultOf<E>>;
}

function decideOnly(order: Order, event: OrderEvent, now: number, policy: Policy): Decision<unknown> {
  const plain = (transition: Transition) => ({ ...transition, result: undefined });
  switch (event.type) {
    case 'commit':
      return repeatCommit(order, event, now);
    case 'pay':
      return plain(pay(order, event.entry, now));
    case 'cancel':
      return plain(cancel(order, now));
    case 'claim':
      return claim(order, event, now);
    case 'skip':
      return skip(order, event, now);
    case 'outcome':
      return recordOutcome(order, event, now, policy);
    case 'sweep':
      return sweep(order, now, policy);
    case 'retry-failed': {
      const transition = retryFailed(order, now, event.workIds);
      return { ...transition, result: { retried: transition.due.map((item) => item.id) } };
    }
    case 'link-ax':
      return plain(linkAxOrder(order, event.axOrderCode, now, policy.axPollSeconds));
    case 'erase-guest-data':
      return plain(eraseGuestData(order, now));
  }
}

/** The policy a configuration sets. */
export function policyOf(config: {
  retry: Policy['retry'];
  axPollSeconds: number;
  axPollLimitSeconds: number;
  sweepGraceSeconds: number;
  douyin: { orderSync: boolean };
}): Policy {
  return {
    retry: config.retry,
    axPollSeconds: config.axPollSeconds,
    axPollLimitSeconds: config.axPollLimitSeconds,
    sweepGraceSeconds: config.sweepGraceSeconds,
    orderSync: config.douyin.orderSync,
  };
}
