/**
 * The one path every change of a stored order takes: the policy decides (lib/orders/policy.ts), the store
 * writes the decision on the version it was computed from, and the work it made due is sent to the queue.
 */
import { getConfig } from '../config/config.js';
import { logger } from '../observability/logger.js';
import type { Order } from '../orders/model.js';
import { type Decision, decide, type OrderEvent, policyOf, type ResultOf } from '../orders/policy.js';
import type { Transition } from '../orders/state-machine.js';
import { enqueueWork } from '../queue/work-queue.js';
import { mutateOrder } from './orders-store.js';

/**
 * Sends the due work to the queue. A failed send loses nothing (the work is on the order and the sweeper
 * re-enqueues it), so it is logged, not thrown.
 */
export async function enqueueDue(transition: Transition): Promise<void> {
  if (transition.due.length === 0) return;
  const { orderId } = transition.order;
  try {
    await enqueueWork(
      transition.due.map((item) => ({ orderId, workId: item.id, delaySeconds: (item.dueAt - Date.now()) / 1000 })),
    );
  } catch (error) {
    logger.warn('work not enqueued; the sweeper will pick it up', { orderId, error: error as Error });
  }
}

export interface ApplyOptions {
  now?: number;
  /** The order as the caller has just read it: the first round starts from it. */
  known?: Order;
  /**
   * Hand the queue send back instead of awaiting it, so the caller can overlap it with other I/O (the SPI
   * middleware's history write); it never rejects.
   */
  deferSend?: boolean;
}

/** A stored decision, and the queue send when it was deferred. */
export type Applied<E extends OrderEvent> = Decision<ResultOf<E>> & { sending?: Promise<void> };

/**
 * Decides `event` on the stored order, writes it and enqueues the work it made due.
 * @returns the stored decision, or undefined when there is no such order.
 * @example const applied = await applyEvent(orderId, { type: 'cancel' })
 */
export async function applyEvent<E extends OrderEvent>(
  orderId: string,
  event: E,
  options: ApplyOptions = {},
): Promise<Applied<E> | undefined> {
  const now = options.now ?? Date.now();
  const policy = policyOf(getConfig());
  const decision = await mutateOrder(orderId, (order) => decide(order, event, now, policy), options.known);
  if (decision === undefined) return undefined;
  const sending = enqueueDue(decision);
  if (options.deferSend === true) return { ...decision, sending };
  await sending;
  return decision;
}
