/**
 * Placing a new order, for any channel: one conditional put of the order (its key is the channel's order
 * id, so concurrent duplicates make one order), then, for a room type sold from its own allotment, its
 * nights held at once under the claim the order was written with.
 */
import { CHANNEL_OWES } from '../channels/registry.js';
import { getConfig } from '../config/config.js';
import { isRefusal, type OpenInput, type Order, type OrderRecord, open, policyOf } from '../orders/index.js';
import { stores } from '../store/stores.js';
import { enqueueDue } from './apply.js';
import { inlineClaim, settleNightsInline } from './nights.js';

export type Placed =
  /** The order as it stands once its nights were settled, and the queue send of what it owes. */
  | { created: true; order: Order; sending: Promise<void> }
  /** Its key was taken: the record stored there (an earlier commit of the same id, or a refusal). */
  | { created: false; existing: OrderRecord };

/**
 * @example const placed = await placeOrder({ channel: 'douyin', orderId, orderExtId, booking, fingerprint, paid, axMapped, managed, priceChanged, now })
 */
export async function placeOrder(input: Omit<OpenInput, 'claim'>): Promise<Placed> {
  const claim = inlineClaim('hold the nights');
  const opened = open({ ...input, claim }, policyOf(getConfig(), CHANNEL_OWES));
  const stored = await stores().orders.create(opened.order);
  // A create whose answer was lost and sent again by the SDK finds its own order: the order_ext_id it minted.
  if (!stored.created && (isRefusal(stored.existing) || stored.existing.orderExtId !== opened.order.orderExtId)) return stored;
  const settled = await settleNightsInline(opened.order, claim, input.now);
  const sending = Promise.all([enqueueDue(opened), settled?.sending]).then(() => undefined);
  return { created: true, order: settled?.order ?? opened.order, sending };
}
