/**
 * Performs one message's work: re-reads the order, asks the order's rules once what to do with the message
 * (run, skip, hold in doubt, acknowledge, come back later), does exactly the work still owed, and records
 * the outcome on the order. Safe to run twice for the same message (at least once in, effectively once out).
 */

import { randomUUID } from 'node:crypto';
import { applyEvent } from '../app/apply.js';
import { CHANNEL_OWES } from '../channels/registry.js';
import { getConfig } from '../config/config.js';
import { Counter, count, logger } from '../observability/logger.js';
import { isRefusal, type Order, type OrderRef, planWork, policyOf, type WorkResult } from '../orders/index.js';
import type { WorkMessage } from '../store/ports.js';
import { stores } from '../store/stores.js';
import { callFor } from './work-types.js';

/**
 * How long the worker keeps trying to record what a partner answered: a lost answer would have the call
 * made again, so it outlasts a spell of throttling, well within the worker's 60 s.
 */
const RECORD_FOR_MS = 20_000;

/**
 * Claims the work before its call, as persistently as an outcome is recorded. A claim that still cannot be
 * confirmed may have been written all the same (its answer lost), and a claim without an outcome reads as a
 * call that may have happened: so it is closed as "not sent" under the same token before the message fails.
 */
async function claimOrSayNotSent(ref: OrderRef, workId: string, request: string, token: string, now: number, known: Order) {
  try {
    return await applyEvent(ref, { type: 'claim', workId, request, token }, { now, known, persistMs: RECORD_FOR_MS });
  } catch (error) {
    const outcome = { kind: 'retry' as const, detail: `not sent: the claim could not be recorded (${(error as Error).message})` };
    await applyEvent(
      ref,
      { type: 'outcome', workId, request, startedAt: now, outcome, claimed: true, token },
      { persistMs: RECORD_FOR_MS },
    ).catch(() => undefined);
    throw error;
  }
}

/**
 * @example const result = await performWork({ channel: 'douyin', orderId: '123', workId: 'douyin.order-status' })
 */
export async function performWork(message: WorkMessage, clock: () => number = Date.now): Promise<WorkResult> {
  const { channel, orderId, workId } = message;
  const ref = { channel, orderId };
  const now = clock();
  const record = await stores().orders.get(ref);
  const order = isRefusal(record) ? undefined : record;
  const plan = planWork(order, workId, now, policyOf(getConfig(), CHANNEL_OWES));
  switch (plan.action) {
    case 'ack':
    case 'later':
      return plan;
    case 'skip':
      await applyEvent(ref, { type: 'skip', workId, reason: plan.reason }, { now, known: order });
      return { action: 'ack', note: `skipped: ${plan.reason}` };
    case 'doubt':
      await applyEvent(ref, { type: 'doubt', workId, note: plan.note }, { now, known: order, persistMs: RECORD_FOR_MS });
      logger.error('work held in doubt for an operator', { orderId, workId, note: plan.note });
      count(Counter.InDoubt, { name: 'workType', value: workId });
      return { action: 'doubt', note: plan.note };
    case 'run':
      break;
  }
  const { item } = plan;
  // A plan to run was made from an order (planWork acknowledges a message that names none).
  const running = order as NonNullable<typeof order>;
  const call = await callFor(running, item);
  let known = running;
  const token = randomUUID();
  if (plan.claim) {
    const claimed = await claimOrSayNotSent(ref, workId, call.request, token, now, known);
    const gaveUp = claimed?.result.gaveUp;
    if (gaveUp !== undefined) {
      logger.error('work failed', { orderId, workId, note: gaveUp });
      count(Counter.Failed, { name: 'workType', value: item.type });
      return { action: 'failed', note: gaveUp };
    }
    if (claimed?.result.claimed !== true) return { action: 'ack', note: 'claimed by another worker' };
    known = claimed.order;
  }

  const startedAt = clock();
  const outcome = await call.run(known);
  const recorded = await applyEvent(
    ref,
    { type: 'outcome', workId, request: call.request, startedAt, outcome, claimed: plan.claim, ...(plan.claim ? { token } : {}) },
    { now: clock(), known, persistMs: RECORD_FOR_MS },
  );
  const result: WorkResult = recorded?.result ?? { action: 'ack', note: 'resolved meanwhile' };

  const log = {
    orderId,
    orderExtId: running.orderExtId,
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
  } else if (result.action === 'doubt') {
    logger.error('work held in doubt for an operator', log);
    count(Counter.InDoubt, dimension);
  } else {
    logger.error('work failed', log);
    count(Counter.Failed, dimension);
  }
  return result;
}
