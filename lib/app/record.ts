/**
 * Deciding and recording one change of a stored order, on the version it was computed from, without the
 * queue: the half of the application path (apply.ts) that a caller whose change never owes work can take
 * alone (the retention run), so its bundle carries no SQS client. Work a change made due is on the order
 * either way, and the sweeper sends what nobody sent.
 */
import { CHANNEL_OWES } from '../channels/registry.js';
import { getConfig } from '../config/config.js';
import { OrderRefused, Refused } from '../errors.js';
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
} from '../orders/index.js';
import { fullJitter } from '../retry.js';
import { stores } from '../store/stores.js';

export interface RecordOptions {
  /** The order as the caller has just read it: the first round starts from it. */
  known?: Order;
  /**
   * Keep trying this long when the store fails (throttled, timed out, the connection cut): for a change that
   * records what a partner already did, whose loss would make the call be made again.
   */
  persistMs?: number;
}

/** Rounds of read, decide and conditional write before a busy order is given up on (a retry code to the caller). */
const ROUNDS = 8;

/**
 * Decides `event` on the stored order and writes it on the version it was computed from, reading again when
 * another write came first (a short full-jitter pause between rounds).
 */
export async function recordEvent<E extends OrderEvent>(
  ref: OrderRef,
  event: E,
  now: number,
  options: RecordOptions = {},
): Promise<Decision<ResultOf<E>> | undefined> {
  const policy = policyOf(getConfig(), CHANNEL_OWES);
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
      if (error instanceof OrderRefused || Date.now() >= deadline) throw error;
      logger.warn('order change not recorded yet; trying again', { orderId: ref.orderId, error: error as Error });
    }
    await new Promise((resolve) => setTimeout(resolve, fullJitter(attempt, 5, 200)));
  }
  throw new OrderRefused(Refused.Busy, 'the order is busy, please retry', { orderId: ref.orderId });
}
