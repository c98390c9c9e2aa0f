/**
 * The partner's CancelOrder (SPEC §3b, reference §8): the partner cancels on its side whatever we answer, so
 * we always cancel: once, giving the nights back once, owing AX its cancellations. A repeat answers the same
 * success. An unknown TaoBaoOrderId is ORDER_NOT_FOUND and leaves a marker under its key, so a CreateOrder
 * that arrives after it is refused and holds nothing; a create the partner was refused was never an order.
 */

import { cancelAndRelease } from '../app/cancel.js';
import { logger } from '../observability/logger.js';
import { isRefusal, type OrderRecord, type OrderRef, type Refusal, refOf } from '../orders/index.js';
import { stores } from '../store/stores.js';
import { PARTNER } from './channel.js';
import { PartnerCode, PartnerError } from './errors.js';
import type { PartnerAnswer, PartnerInput } from './middleware.js';
import type { CancelOrderRequest } from './schema.js';

const notFound = (ref: OrderRef) =>
  new PartnerError(PartnerCode.OrderNotFound, `no order for TaoBaoOrderId ${ref.orderId}`, { matched: ref });

/** The record under the partner's id; none leaves the marker that refuses a later create (or finds the create that won). */
async function recordOrMarker(ref: OrderRef, now: number): Promise<OrderRecord> {
  const existing = await stores().orders.get(ref);
  if (existing !== undefined) return existing;
  const marker: Refusal = {
    kind: 'refusal',
    ...ref,
    code: PartnerCode.OrderNotFound,
    message: 'cancelled before it was created',
    createdAt: now,
    version: 1,
  };
  const stored = await stores().orders.create(marker);
  if (stored.created) throw notFound(ref);
  return stored.existing;
}

/**
 * @example await cancelPartnerOrder({ body: { TaoBaoOrderId: '4012345678901234567' }, … })
 */
export async function cancelPartnerOrder({ body, receivedAt: now }: PartnerInput<CancelOrderRequest>): Promise<PartnerAnswer> {
  const ref: OrderRef = { channel: PARTNER, orderId: body.TaoBaoOrderId };
  const record = await recordOrMarker(ref, now);
  // A refused create, or the marker of an earlier cancel: never an order, so the same answer as then.
  if (isRefusal(record) || record.inventory?.state === 'out-of-stock') throw notFound(ref);
  if (body.OrderId !== undefined && body.OrderId !== record.orderExtId) {
    logger.warn('partner cancel names another OrderId; its TaoBaoOrderId decides', {
      orderId: ref.orderId,
      orderExtId: record.orderExtId,
    });
  }
  const { duplicate, sending } = await cancelAndRelease(record, now);
  return { content: { OrderId: record.orderExtId }, matched: refOf(record), duplicate, summary: 'CANCELLED', sending };
}
