/**
 * Performs one message's work: re-reads the order, does exactly the work still owed, and records every
 * attempt on the order. Safe to run twice for the same message (at least once in, effectively once out).
 */
import { getConfig } from '../config/config.js';
import { Counter, count, logger } from '../observability/logger.js';
import { applyToOrder } from '../orders/apply.js';
import { type Attempt, type Order, WorkState } from '../orders/model.js';
import { settle, type Transition } from '../orders/state-machine.js';
import type { WorkMessage } from '../queue/work-queue.js';
import { getOrder, mutateOrder } from '../store/orders-store.js';
import type { CallOutcome } from './outcome.js';
import { backoffSeconds, exhausted } from './retry-policy.js';
import { type Effect, planWork } from './work-types.js';

/** How long a claim holds the work: longer than the slowest call (AX 10 s) with room to record it. */
export const LEASE_MS = 60_000;
/** A message this much ahead of its work's due time waits for it rather than running early. */
const EARLY_SLACK_MS = 2_000;

/** What the SQS side should do with the message. */
export type WorkResult =
  | { action: 'ack'; note: string }
  | { action: 'retry'; delaySeconds: number; note: string }
  | { action: 'failed'; note: string }
  | { action: 'later'; delaySeconds: number; note: string };

function attemptOf(
  workId: string,
  request: string,
  at: number,
  outcome: Attempt['outcome'],
  extra: Partial<Attempt> = {},
): Attempt {
  return { workId, at, request, outcome, ...extra };
}

/** Records the attempt and a lease before a non-idempotent call: the claimed order, or undefined when another worker got there first. */
async function claim(message: WorkMessage, request: string, known: Order, now: number): Promise<Order | undefined> {
  let claimed = false;
  const stored = await mutateOrder(
    message.orderId,
    (order) => {
      const item = order.work[message.workId];
      claimed = item !== undefined && item.state === WorkState.Pending && (item.leaseUntil ?? 0) <= now;
      if (!claimed || item === undefined) return { order, due: [], changed: false };
      const next = structuredClone(order);
      const held = next.work[message.workId] as typeof item;
      held.attempts += 1;
      held.leaseUntil = now + LEASE_MS;
      held.updatedAt = now;
      next.attempts.push(attemptOf(item.id, request, now, 'started'));
      return { order: next, due: [], changed: true };
    },
    known,
  );
  return claimed ? stored?.order : undefined;
}

interface Recorded {
  transition?: Transition;
  result: WorkResult;
}

/** Writes the outcome of one call onto the order (one conditional write) and says what to do next. */
function record(
  order: Order,
  workId: string,
  outcome: CallOutcome<unknown>,
  plan: { request: string; claim: boolean; onSuccess: (order: Order, value: unknown, now: number) => Effect },
  started: number,
  now: number,
): Recorded & { transition: Transition } {
  const next = structuredClone(order);
  const item = next.work[workId];
  if (item === undefined || item.state !== WorkState.Pending) {
    return { transition: { order, due: [], changed: false }, result: { action: 'ack', note: 'resolved meanwhile' } };
  }
  const { retry: policy, axPollSeconds, axPollLimitSeconds } = getConfig();
  if (!plan.claim) item.attempts += 1;
  delete item.leaseUntil;
  item.updatedAt = now;
  const extra = {
    httpStatus: outcome.httpStatus,
    durationMs: now - started,
    detail: 'detail' in outcome ? outcome.detail : undefined,
  };

  if (outcome.kind === 'ok') {
    const effect = plan.onSuccess(next, outcome.value, now);
    if ('pending' in effect) {
      if (now - item.createdAt > axPollLimitSeconds * 1000) {
        // A supplier who never decides must reach a person, not be polled forever.
        item.state = WorkState.Failed;
        item.lastError = `AX has not decided after ${Math.round((now - item.createdAt) / 3_600_000)} h (${effect.pending})`;
        next.attempts.push(attemptOf(workId, plan.request, now, 'failed', { ...extra, detail: item.lastError }));
        return { transition: { order: next, due: [], changed: true }, result: { action: 'failed', note: item.lastError } };
      }
      item.attempts = 0;
      item.dueAt = now + axPollSeconds * 1000;
      item.note = effect.pending;
      next.attempts.push(attemptOf(workId, plan.request, now, 'pending', { ...extra, detail: effect.pending }));
      return {
        transition: { order: next, due: [], changed: true },
        result: { action: 'later', delaySeconds: axPollSeconds, note: effect.pending },
      };
    }
    effect.order.attempts.push(attemptOf(workId, plan.request, now, 'delivered', extra));
    return { transition: effect, result: { action: 'ack', note: 'delivered' } };
  }
  item.lastError = outcome.detail;
  if (outcome.kind === 'permanent' || exhausted(item.attempts, policy)) {
    item.state = WorkState.Failed;
    next.attempts.push(attemptOf(workId, plan.request, now, 'failed', extra));
    const why = outcome.kind === 'permanent' ? 'permanent error' : `gave up after ${item.attempts} attempts`;
    return {
      transition: { order: next, due: [], changed: true },
      result: { action: 'failed', note: `${why}: ${outcome.detail}` },
    };
  }
  const delaySeconds = backoffSeconds(item.attempts, policy);
  item.dueAt = now + delaySeconds * 1000;
  next.attempts.push(attemptOf(workId, plan.request, now, 'retry', extra));
  return { transition: { order: next, due: [], changed: true }, result: { action: 'retry', delaySeconds, note: outcome.detail } };
}

/**
 * @example const result = await performWork({ orderId: '123', workId: 'douyin.order-status' })
 */
export async function performWork(message: WorkMessage, clock: () => number = Date.now): Promise<WorkResult> {
  const now = clock();
  const order = await getOrder(message.orderId);
  const item = order?.work[message.workId];
  if (order === undefined || item === undefined) return { action: 'ack', note: 'no such work' };
  if (item.state !== WorkState.Pending) return { action: 'ack', note: `already ${item.state}` };
  if ((item.leaseUntil ?? 0) > now) return { action: 'ack', note: 'held by another worker' };
  if (item.dueAt > now + EARLY_SLACK_MS) {
    return { action: 'later', delaySeconds: Math.ceil((item.dueAt - now) / 1000), note: 'not due yet' };
  }

  const plan = await planWork(order, item);
  if ('skip' in plan) {
    await mutateOrder(
      message.orderId,
      (current) => {
        if (current.work[message.workId]?.state !== WorkState.Pending) return { order: current, due: [], changed: false };
        const next = structuredClone(current);
        settle(next, message.workId, 'done', now, `skipped: ${plan.skip}`);
        return { order: next, due: [], changed: true };
      },
      order,
    );
    return { action: 'ack', note: `skipped: ${plan.skip}` };
  }
  let known: Order | undefined = order;
  if (plan.claim) {
    known = await claim(message, plan.request, order, now);
    if (known === undefined) return { action: 'ack', note: 'claimed by another worker' };
  }

  const started = clock();
  const outcome = await plan.call();
  let result = { action: 'ack', note: 'resolved meanwhile' } as WorkResult;
  // The order read (or claimed) above is the starting point; a lost race re-reads it. Going through
  // applyToOrder sends the work the outcome made due, and an order sync when the order's state moved.
  await applyToOrder(
    message.orderId,
    (current) => {
      const recorded = record(current, message.workId, outcome, plan, started, clock());
      result = recorded.result;
      return recorded.transition;
    },
    clock(),
    known,
  );

  const log = {
    orderId: order.orderId,
    orderExtId: order.orderExtId,
    workId: message.workId,
    outcome: outcome.kind,
    note: result.note,
    latencyMs: clock() - started,
  };
  const dimension = { name: 'workType', value: item.type };
  if (result.action === 'ack' || result.action === 'later') {
    logger.info('work delivered', log);
    if (outcome.kind === 'ok') count(Counter.Delivered, dimension);
  } else if (result.action === 'retry') {
    logger.warn('work will be retried', { ...log, delaySeconds: result.delaySeconds });
    count(Counter.Retried, dimension);
  } else {
    logger.error('work failed', log);
    count(Counter.Failed, dimension);
  }
  return result;
}
