/**
 * The one path every change of a stored order takes, whoever asks (a channel's request, the worker, the
 * sweeper, the retention run, an operator): the order's rules decide (lib/orders), the store writes the
 * decision on the version it was computed from, and the work it made due goes to the queue.
 */
import { logger } from '../observability/logger.js';
import type { Decision, OrderEvent, OrderRef, ResultOf, Transition } from '../orders/index.js';
import { workQueue } from '../queue/work-queue.js';
import { type RecordOptions, recordEvent } from './record.js';

export interface ApplyOptions extends RecordOptions {
  now?: number;
  /**
   * Hand the queue send back instead of awaiting it, so the caller can overlap it with other I/O (the
   * inbound history write); it never rejects.
   */
  deferSend?: boolean;
}

/**
 * Sends the due work to the queue. A failed send loses nothing (the work is on the order and the sweeper
 * re-enqueues it), so it is logged, not thrown.
 */
export async function enqueueDue(transition: Transition): Promise<void> {
  if (transition.due.length === 0) return;
  const { channel, orderId } = transition.order;
  try {
    await workQueue().send(
      transition.due.map((item) => ({ channel, orderId, workId: item.id, delaySeconds: (item.dueAt - Date.now()) / 1000 })),
    );
  } catch (error) {
    logger.warn('work not enqueued; the sweeper will pick it up', { orderId, error: error as Error });
  }
}

/** A stored decision, and the queue send when it was deferred. */
export type Applied<E extends OrderEvent> = Decision<ResultOf<E>> & { sending?: Promise<void> };

/**
 * Decides `event` on the stored order, writes it and enqueues the work it made due.
 * @returns the stored decision, or undefined when there is no such order.
 * @example const applied = await applyEvent({ channel: 'douyin', orderId }, { type: 'cancel' })
 */
export async function applyEvent<E extends OrderEvent>(
  ref: OrderRef,
  event: E,
  options: ApplyOptions = {},
): Promise<Applied<E> | undefined> {
  const decision = await recordEvent(ref, event, options.now ?? Date.now(), options);
  if (decision === undefined) return undefined;
  const sending = enqueueDue(decision);
  if (options.deferSend === true) return { ...decision, sending };
  await sending;
  return decision;
}
