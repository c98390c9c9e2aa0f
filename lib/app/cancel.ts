/**
 * Cancelling an order, for every channel: once (a repeat is a duplicate), giving its nights back at once under
 * the request's own claim (the worker does it if this request dies) and owing AX its cancellations.
 */
import { type Order, refOf } from '../orders/index.js';
import { applyEvent } from './apply.js';
import { inlineClaim, settleNightsInline } from './nights.js';

/**
 * @returns whether it was a repeat, and the queue sends the channel's answer waits for alongside its history.
 * @example const { duplicate, sending } = await cancelAndRelease(order, Date.now())
 */
export async function cancelAndRelease(order: Order, now: number): Promise<{ duplicate?: boolean; sending: Promise<void> }> {
  const claim = inlineClaim('give the nights back');
  const cancelled = await applyEvent(refOf(order), { type: 'cancel', claim }, { now, known: order, deferSend: true });
  const released = cancelled === undefined ? undefined : await settleNightsInline(cancelled.order, claim);
  return {
    ...(cancelled === undefined ? {} : { duplicate: cancelled.result.duplicate }),
    sending: Promise.all([cancelled?.sending, released?.sending]).then(() => undefined),
  };
}
