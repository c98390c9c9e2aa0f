/**
 * The one path every change of a stored order takes, whoever asks (a channel's request, the worker, the
 * sweeper, the retention run, an operator): the order's rules decide (lib/orders), the store writes the
 * decision on the version it was computed from, and the work it made due goes to the queue.
 */
import { getConfig } from '../config/config.js';
import { ErrorCode, HubError } from '../errors.js';
import { logger } from '../observability/logger.js';
import {
  type Decision,
  decide,
  isRefusal,
  type Order,
  type OrderEvent,
  type OrderRef,
  policyOf,
  type ResultOf,
  type Transition,
} from '../orders/index.js';
import { workQueue } from '../queue/work-queue.js';
import { fullJitter } from '../retry.js';
import { stores } from '../store/stores.js';

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

export interface ApplyOptions {
  now?: number;
  /** The order as the caller has just read it: the first round starts from it. */
  known?: Order;
  /**
   * Hand the queue send back instead of awaiting it, so the caller can overlap it with other I/O (the
   * inbound history write); it never rejects.
   */
  deferSend?: boolean;
  /**
   * Keep trying this long when the store fails (throttled, timed out, the connection cut): for a change that
   * records what a partner already did, whose loss would make the call be made again.
   */
  persistMs?: number;
}

/** A stored decision, and the queue send when it was deferred. */
export type Applied<E extends OrderEvent> = Decision<ResultOf<E>> & { sending?: Promise<void> };

/** Rounds of read, decide and conditional write before a busy order is given up on (a retry code to the caller). */
const ROUNDS = 8;

/**
 * Decides `event` on the stored order and writes it on the version it was computed from, reading again when
 * another write came first (a short full-jitter pause between rounds).
 */
async function mutate<E extends OrderEvent>(ref: OrderRef, event: E, now: number, options: ApplyOptions) {
  const policy = policyOf(getConfig());
  const deadline = Date.now() + (options.persistMs ?? 0);
  let known = options.known;
  let lostRaces = 0;
  for (let attempt = 1; lostRaces < ROUNDS; attempt++) {
    try {
      const record = known ?? (await stores().orders.get(ref));
      known = undefined;
      if (record === undefined || isRefusal(record)) return undefined;
      const decision = decide(record, event, now, policy);
      if (!decision.changed) return decision;
      if (await stores().orders.replace(decision.order, record.version)) {
        return { ...decision, order: { ...decision.order, version: record.version + 1 } };
      }
      lostRaces += 1;
    } catch (error) {
      if (error instanceof HubError || Date.now() >= deadline) throw error;
      logger.warn('order change not recorded yet; trying again', { orderId: ref.orderId, error: error as Error });
    }
    await new Promise((resolve) => setTimeout(resolve, fullJitter(attempt, 5, 200)));
  }
  throw new HubError(ErrorCode.Temporary, 'order is busy, please retry');
}

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
  const decision = await mutate(ref, event, options.now ?? Date.now(), options);
  if (decision === undefined) return undefined;
  const sending = enqueueDue(decision);
  if (options.deferSend === true) return { ...decision, sending };
  await sending;
  return decision;
}
