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

/**
 * A channel's cancel request (Douyin's `cancel_id`), decided now (`accept`) or left to a person: an accepted
 * one cancels as `cancelAndRelease` does, giving the nights back at once; a repeat of its id is a duplicate.
 */
export async function requestCancelAndRelease(
  order: Order,
  request: { id: string; kind: number; audited: boolean; accept?: boolean; reason?: string },
  now: number,
): Promise<{ order: Order; duplicate: boolean; sending: Promise<void> }> {
  const claim = inlineClaim('give the nights back');
  const applied = await applyEvent(
    refOf(order),
    { type: 'request-cancel', ...request, claim },
    { now, known: order, deferSend: true },
  );
  const released = applied === undefined ? undefined : await settleNightsInline(applied.order, claim);
  return {
    order: released?.order ?? applied?.order ?? order,
    duplicate: applied?.result.duplicate ?? true,
    sending: Promise.all([applied?.sending, released?.sending]).then(() => undefined),
  };
}

/** A person's decision on a pending cancel request: accepted, the order is cancelled and its nights given back at once. */
export async function decideCancelAndRelease(
  order: Order,
  decision: { id: string; accept: boolean; reason?: string; by: string },
  now: number,
): Promise<Order> {
  const claim = inlineClaim('give the nights back');
  const applied = await applyEvent(refOf(order), { type: 'decide-cancel', ...decision, claim }, { now, known: order });
  const released = applied === undefined ? undefined : await settleNightsInline(applied.order, claim);
  return released?.order ?? applied?.order ?? order;
}
