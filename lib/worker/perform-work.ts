/**
 * Performs one message's work: re-reads the order, does exactly the work still owed, and records every
 * attempt on the order. Safe to run twice for the same message (at least once in, effectively once out).
 * What the work's outcome means for the order is the policy's (lib/orders/policy.ts); this file does the I/O.
 */
import { Counter, count, logger } from '../observability/logger.js';
import { skipReason, type WorkResult, workReadiness } from '../orders/policy.js';
import type { WorkMessage } from '../queue/work-queue.js';
import { applyEvent } from '../store/apply.js';
import { getOrder } from '../store/orders-store.js';
import { callFor } from './work-types.js';

export type { WorkResult };

/**
 * @example const result = await performWork({ orderId: '123', workId: 'douyin.order-status' })
 */
export async function performWork(message: WorkMessage, clock: () => number = Date.now): Promise<WorkResult> {
  const { orderId, workId } = message;
  const now = clock();
  const gate = workReadiness(await getOrder(orderId), workId, now);
  if ('result' in gate) return gate.result;
  const { order, item } = gate;

  const skip = skipReason(order, item);
  if (skip !== undefined) {
    await applyEvent(orderId, { type: 'skip', workId, reason: skip }, { now, known: order });
    return { action: 'ack', note: `skipped: ${skip}` };
  }
  const call = await callFor(order, item);
  let known = order;
  if (call.claim) {
    const claimed = await applyEvent(orderId, { type: 'claim', workId, request: call.request }, { now, known: order });
    if (claimed?.result.claimed !== true) return { action: 'ack', note: 'claimed by another worker' };
    known = claimed.order;
  }

  const startedAt = clock();
  const outcome = await call.run();
  // The order read (or claimed) above is the starting point; a lost race re-reads it.
  const recorded = await applyEvent(
    orderId,
    { type: 'outcome', workId, request: call.request, startedAt, outcome, claimed: call.claim },
    { now: clock(), known },
  );
  const result: WorkResult = recorded?.result ?? { action: 'ack', note: 'resolved meanwhile' };

  const log = {
    orderId,
    orderExtId: order.orderExtId,
    workId,
    outcome: outcome.kind,
    note: result.note,
    latencyMs: clock() - startedAt,
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
