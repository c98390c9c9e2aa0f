/**
 * The life of a piece of owed work, as pure functions over the order: owing and settling it, when it is
 * ready, what the worker does with a message (the plan), the claim that keeps a call from running twice at
 * once, the outcome of a call (retry with backoff, give up, poll again, hold in doubt), the sweeper's mark,
 * the skip rules and an operator's retry. What a call's success does to the booking is booking.ts's.
 */
import { type Attempt, type Order, OrderStatus, type WorkItem, WorkState, WorkType } from './model.js';
import { backoffSeconds, exhausted } from './retry-policy.js';
import type { Policy } from './settings.js';

/** The next order and the work items that became due with it (to enqueue at once). */
export interface Transition {
  order: Order;
  due: WorkItem[];
  /** False when the event changed nothing (a repeat, or nothing to do). */
  changed: boolean;
}

/** A transition that leaves the order as it was. */
export const unchanged = (order: Order): Transition => ({ order, due: [], changed: false });

/** How long a claim holds the work: longer than the slowest call (AX 10 s) with room to record it. */
export const LEASE_MS = 60_000;
/** A message this much ahead of its work's due time waits for it rather than running early. */
const EARLY_SLACK_MS = 2_000;

/** Work that must be claimed before it runs: a call that must not be made twice at once. */
const CLAIMED: ReadonlySet<WorkType> = new Set([WorkType.AxCreateOrder, WorkType.InventorySync]);

/** A claim made with the change that owes the work, by the request that will run it at once. */
export interface InlineClaim {
  token: string;
  request: string;
}

/**
 * Owes a piece of work; a pending item with the same id is kept as it is (no duplicate work), unless it is
 * free and `claim` asks to hold it. Done or failed work is owed again only with `rearm`.
 * @returns the item when it is due now (to enqueue), or undefined (kept, claimed inline, or not owed).
 */
export function owe(
  order: Order,
  type: WorkType,
  now: number,
  options: { id?: string; axOrderCode?: string; dueAt?: number; rearm?: boolean; claim?: InlineClaim; maxAttempts?: number } = {},
): WorkItem | undefined {
  const id = options.id ?? type;
  const existing = order.work[id];
  const pending = existing?.state === WorkState.Pending;
  if (existing !== undefined && !pending && !options.rearm) return undefined;
  // Pending work is claimed inline only when it is free and has attempts left (the worker gives up on it otherwise).
  const spent = pending && existing.attempts >= (options.maxAttempts ?? Number.POSITIVE_INFINITY);
  if (pending && (options.claim === undefined || (existing.leaseUntil ?? 0) > now || spent)) return undefined;
  const item: WorkItem = pending
    ? { ...existing }
    : {
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
  if (options.claim === undefined) return item;
  holdLease(order, item, options.claim.token, options.claim.request, now);
  return undefined;
}

function holdLease(order: Order, item: WorkItem, token: string, request: string, now: number): void {
  item.attempts += 1;
  item.leaseUntil = now + LEASE_MS;
  item.claimToken = token;
  item.updatedAt = now;
  order.attempts.push(attemptOf(item.id, request, now, 'started'));
}

/** Closes a piece of work (pending, or in doubt) as done or failed, with a note for the on-call engineer. */
export function settle(order: Order, id: string, state: 'done' | 'failed', now: number, note?: string): void {
  const item = order.work[id];
  if (item === undefined || (item.state !== WorkState.Pending && item.state !== WorkState.InDoubt)) return;
  item.state = state;
  item.updatedAt = now;
  delete item.leaseUntil;
  delete item.claimToken;
  if (note !== undefined) item[state === 'failed' ? 'lastError' : 'note'] = note;
}

/** Work still owed, soonest first. */
function pendingWork(order: Order): WorkItem[] {
  return Object.values(order.work)
    .filter((item) => item.state === WorkState.Pending)
    .sort((a, b) => a.dueAt - b.dueAt);
}

/** When a pending item can next be picked up: due, not held by a worker, not just re-sent by the sweeper. */
function readyAt(item: WorkItem): number {
  return Math.max(item.dueAt, item.leaseUntil ?? 0, item.resweepAt ?? 0);
}

/** When the order next needs the worker (the earliest ready pending work), or undefined. */
export function nextDueAt(order: Order): number | undefined {
  const times = pendingWork(order).map(readyAt);
  return times.length === 0 ? undefined : Math.min(...times);
}

/** How many work items wait for an operator: they gave up, or they are in doubt. */
export function needsOperator(order: Order): number {
  return Object.values(order.work).filter((item) => item.state === WorkState.Failed || item.state === WorkState.InDoubt).length;
}

/**
 * Why a pending piece of work must not run now that the order is as it is, or undefined. The one rule for
 * the worker and for the cancel: an AX creation already attempted stays owed, so what it made is cancelled.
 */
export function skipReason(order: Order, item: WorkItem): string | undefined {
  const cancelled = order.status === OrderStatus.Cancelled;
  switch (item.type) {
    case WorkType.DouyinOrderStatus:
    case WorkType.DouyinHotelConfirm:
    case WorkType.AxPollOrder:
      return cancelled ? 'order cancelled' : undefined;
    case WorkType.AxCreateOrder:
      if (order.axOrderCodes.length > 0) return `AX orders already held: ${order.axOrderCodes.join(', ')}`;
      return cancelled && item.attempts === 0 && item.leaseUntil === undefined ? 'order cancelled before AX creation' : undefined;
    default:
      return undefined;
  }
}

/** What the worker does with one message, decided once from the order as it reads it now. */
export type WorkPlan =
  | { action: 'ack'; note: string }
  | { action: 'later'; delaySeconds: number; note: string }
  | { action: 'skip'; reason: string }
  /** An AX create was claimed and its outcome never recorded: AX may hold an order we do not know of. */
  | { action: 'doubt'; note: string }
  | { action: 'run'; item: WorkItem; claim: boolean };

/**
 * @example const plan = planWork(order, 'douyin.order-status', Date.now(), policy) // { action: 'run', … }
 */
export function planWork(order: Order | undefined, workId: string, now: number, policy: Policy): WorkPlan {
  const item = order?.work[workId];
  if (order === undefined || item === undefined) return { action: 'ack', note: 'no such work' };
  if (item.state !== WorkState.Pending) return { action: 'ack', note: `already ${item.state}` };
  if ((item.leaseUntil ?? 0) > now) return { action: 'ack', note: 'held by another worker' };
  if (item.dueAt > now + EARLY_SLACK_MS) {
    return { action: 'later', delaySeconds: Math.ceil((item.dueAt - now) / 1000), note: 'not due yet' };
  }
  const skip = skipReason(order, item);
  if (skip !== undefined) return { action: 'skip', reason: skip };
  if (item.type === WorkType.AxCreateOrder && item.claimToken !== undefined && !policy.axDeduplicates) {
    return {
      action: 'doubt',
      note: `AX create claimed ${new Date((item.leaseUntil ?? now) - LEASE_MS).toISOString()} and its answer never recorded: look up channel_order_id ${order.orderExtId} in AX`,
    };
  }
  return { action: 'run', item, claim: CLAIMED.has(item.type) };
}

/**
 * Records the attempt and a lease before a call that must not run twice at once. A claim whose write was
 * answered with a lost connection is recognised by its token: the same claimant holds it. Work whose
 * claims used up MAX_ATTEMPTS without an outcome (its holders kept dying) gives up instead.
 */
export function claim(current: Order, workId: string, request: string, token: string, now: number, policy: Policy) {
  const item = current.work[workId];
  if (item?.state === WorkState.Pending && item.claimToken === token && (item.leaseUntil ?? 0) > now) {
    return { ...unchanged(current), result: { claimed: true } };
  }
  if (item === undefined || item.state !== WorkState.Pending || (item.leaseUntil ?? 0) > now) {
    return { ...unchanged(current), result: { claimed: false } };
  }
  const next = structuredClone(current);
  if (exhausted(item.attempts, policy.retry)) {
    const note = `gave up after ${item.attempts} attempts whose outcome was never recorded`;
    settle(next, workId, 'failed', now, note);
    next.attempts.push(attemptOf(workId, request, now, 'failed', { detail: note }));
    return { order: next, due: [], changed: true, result: { claimed: false, gaveUp: note } };
  }
  holdLease(next, next.work[workId] as WorkItem, token, request, now);
  return { order: next, due: [], changed: true, result: { claimed: true } };
}

/** What a call brought back, by the kind of work. */
export type WorkValue =
  | { type: typeof WorkType.DouyinOrderStatus }
  | { type: typeof WorkType.DouyinHotelConfirm }
  | { type: typeof WorkType.DouyinHotelCancelAudit }
  | { type: typeof WorkType.DouyinHotelStayNotice }
  | { type: typeof WorkType.AxCancelOrder }
  /** The order's `updatedAt` as it was sent. */
  | { type: typeof WorkType.DouyinOrderSync; sentUpdatedAt: number }
  | { type: typeof WorkType.AxCreateOrder; created: { axOrderCode: string; axOrderStatus: string }[] }
  | { type: typeof WorkType.AxPollOrder; statuses: string[] }
  /** What the nights now hold for the order: all its rooms, none because a night was short, or none because it let them go. */
  | { type: typeof WorkType.InventorySync; nights: 'held' | 'short' | 'released' };

/**
 * How a call ended: a value; a failure worth retrying or one that will not get better; or `unknown`: the
 * request was sent and no answer came, so whether it took effect is not known.
 */
export type WorkOutcome =
  | { kind: 'retry' | 'permanent' | 'unknown'; detail: string; httpStatus?: number }
  | { kind: 'ok'; value: WorkValue; httpStatus?: number; detail?: string };

/** What the SQS side should do with a work message. */
export type WorkResult =
  | { action: 'ack'; note: string }
  | { action: 'retry'; delaySeconds: number; note: string }
  | { action: 'failed'; note: string }
  | { action: 'later'; delaySeconds: number; note: string }
  | { action: 'doubt'; note: string };

/** What a success does to the order: a transition, or "still pending" (an AX order not yet decided). */
export type Succeed = (order: Order, item: WorkItem, value: WorkValue, now: number) => Transition | { pending: string };

function attemptOf(
  workId: string,
  request: string,
  at: number,
  outcome: Attempt['outcome'],
  extra: Partial<Attempt> = {},
): Attempt {
  return { workId, at, request, outcome, ...extra };
}

export interface OutcomeEvent {
  workId: string;
  request: string;
  startedAt: number;
  outcome: WorkOutcome;
  /** The attempt was counted by its claim. */
  claimed: boolean;
  /** The claim's token: the outcome counts only while that claim holds the work (not once another took it). */
  token?: string;
}

/** Writes the outcome of one call onto the order and says what to do with the message. */
export function recordOutcome(
  current: Order,
  event: OutcomeEvent,
  now: number,
  policy: Policy,
  succeed: Succeed,
): Transition & { result: WorkResult } {
  const item0 = current.work[event.workId];
  const stale = event.token !== undefined && item0?.claimToken !== event.token;
  if (item0 === undefined || item0.state !== WorkState.Pending || stale) {
    return { ...unchanged(current), result: { action: 'ack', note: 'resolved meanwhile' } };
  }
  const next = structuredClone(current);
  const item = next.work[event.workId] as WorkItem;
  const { outcome } = event;
  if (!event.claimed) item.attempts += 1;
  delete item.leaseUntil;
  delete item.claimToken;
  item.updatedAt = now;
  const extra = { httpStatus: outcome.httpStatus, durationMs: now - event.startedAt, detail: outcome.detail };
  const record = (kind: Attempt['outcome'], more: Partial<Attempt> = {}) => {
    next.attempts.push(attemptOf(event.workId, event.request, now, kind, { ...extra, ...more }));
  };
  const changed = (result: WorkResult) => ({ order: next, due: [], changed: true, result });

  if (outcome.kind === 'ok') {
    const effect = succeed(next, item, outcome.value, now);
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
  if (outcome.kind === 'unknown' && item.type === WorkType.AxCreateOrder && !policy.axDeduplicates) {
    return holdInDoubt(
      next,
      item,
      `AX create sent and not answered (${outcome.detail}): look up channel_order_id ${next.orderExtId} in AX`,
      now,
      changed,
    );
  }
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

function holdInDoubt<T>(order: Order, item: WorkItem, note: string, now: number, changed: (result: WorkResult) => T): T {
  item.state = WorkState.InDoubt;
  item.lastError = note;
  item.updatedAt = now;
  delete item.leaseUntil;
  delete item.claimToken;
  order.attempts.push(attemptOf(item.id, 'held for an operator', now, 'in-doubt', { detail: note }));
  return changed({ action: 'doubt', note });
}

/** Holds a claimed AX create whose outcome was never recorded for an operator (planWork's `doubt`); nothing else is ever in doubt. */
export function doubt(current: Order, workId: string, note: string, now: number) {
  const item = current.work[workId];
  if (item?.state !== WorkState.Pending || item.type !== WorkType.AxCreateOrder)
    return { ...unchanged(current), result: undefined };
  const next = structuredClone(current);
  return holdInDoubt(next, next.work[workId] as WorkItem, note, now, () => ({
    order: next,
    due: [],
    changed: true,
    result: undefined,
  }));
}

/** The sweeper re-sends work overdue by the grace period, and marks it so the next sweeps leave it be. */
export function sweep(current: Order, now: number, policy: Policy) {
  const graceMs = policy.sweepGraceSeconds * 1000;
  const overdue = pendingWork(current).filter((item) => readyAt(item) <= now - graceMs);
  if (overdue.length === 0) return { ...unchanged(current), result: { swept: [] as string[] } };
  const next = structuredClone(current);
  for (const { id } of overdue) (next.work[id] as WorkItem).resweepAt = now + graceMs;
  return { order: next, due: [], changed: true, result: { swept: overdue.map((item) => item.id) } };
}

/** Settles work that no longer makes sense, with the reason. */
export function skip(current: Order, workId: string, reason: string, now: number) {
  if (current.work[workId]?.state !== WorkState.Pending) return { ...unchanged(current), result: undefined };
  const next = structuredClone(current);
  settle(next, workId, 'done', now, `skipped: ${reason}`);
  return { order: next, due: [], changed: true, result: undefined };
}

/** An operator owes failed work again (`ops retry`, `ops redrive`): attempts start over, due now. */
export function retryFailed(current: Order, now: number, workIds?: string[]) {
  return reopen(
    current,
    now,
    WorkState.Failed,
    workIds,
    (item) => `retried by an operator after: ${item.lastError ?? 'failure'}`,
  );
}

/** An operator found no AX order for the one in doubt and asks for it to be made (`ops recreate-ax`). */
export function recreateInDoubt(current: Order, now: number) {
  return reopen(current, now, WorkState.InDoubt, undefined, () => 're-created by an operator: AX had no order for it');
}

function reopen(current: Order, now: number, from: WorkState, workIds: string[] | undefined, note: (item: WorkItem) => string) {
  const next = structuredClone(current);
  const due: WorkItem[] = [];
  for (const item of Object.values(next.work)) {
    if (item.state !== from || (workIds !== undefined && !workIds.includes(item.id))) continue;
    Object.assign(item, { state: WorkState.Pending, attempts: 0, dueAt: now, updatedAt: now, note: note(item) });
    delete item.lastError;
    delete item.resweepAt;
    due.push(item);
  }
  const retried = due.map((item) => item.id);
  return due.length === 0
    ? { ...unchanged(current), result: { retried } }
    : { order: next, due, changed: true, result: { retried } };
}
