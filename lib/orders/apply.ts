/** Storing a transition and enqueueing the work it made due: the one path every state change takes. */
import { getConfig } from '../config/config.js';
import { logger } from '../observability/logger.js';
import { enqueueWork } from '../queue/work-queue.js';
import { mutateOrder } from '../store/orders-store.js';
import { type Order, WorkType } from './model.js';
import { owe, type Transition } from './state-machine.js';

/**
 * When DOUYIN_ORDER_SYNC is on, every change of the order's state also owes Douyin an order sync
 * (re-armed, so only the latest state is sent). `before` is the order the transition started from: a
 * write that only records work (an attempt, a delivery) leaves `updatedAt` alone and owes nothing.
 */
export function withOrderSync(transition: Transition, now: number, before?: Order): Transition {
  if (!transition.changed || !getConfig().douyin.orderSync) return transition;
  if (before !== undefined && before.updatedAt === transition.order.updatedAt) return transition;
  const sync = owe(transition.order, WorkType.DouyinOrderSync, now, { rearm: true });
  return sync === undefined ? transition : { ...transition, due: [...transition.due, sync] };
}

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

/**
 * mutateOrder + order sync + enqueue; `known` is the order as just read, if the caller has it. With
 * `defer`, the send is handed over instead of awaited, so the caller can overlap it with other I/O (the
 * SPI middleware's history write); it never rejects.
 */
export async function applyToOrder(
  orderId: string,
  change: Parameters<typeof mutateOrder>[1],
  now = Date.now(),
  known?: Order,
  defer?: (sending: Promise<void>) => void,
): Promise<Transition | undefined> {
  const transition = await mutateOrder(orderId, (order) => withOrderSync(change(order), now, order), known);
  if (transition !== undefined) {
    const sending = enqueueDue(transition);
    if (defer === undefined) await sending;
    else defer(sending);
  }
  return transition;
}
