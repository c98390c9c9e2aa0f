/**
 * The domain of Douyin's three hotel order SPIs (SPEC §2): commit, cancel and the payment notice. Each takes
 * the validated request and answers with a value (the reply's fields, the order it matched, whether it was a
 * repeat, and the queue send to overlap with the history write); Douyin's envelope middleware turns that into
 * the reply. Every change goes through the application path (lib/app), whose rules say what a repeat is.
 */

import { createHash } from 'node:crypto';
import { applyEvent } from '../app/apply.js';
import { cancelAndRelease } from '../app/cancel.js';
import { planSoldAs } from '../app/catalog.js';
import { placeOrder } from '../app/place.js';
import { assessBooking, priceChanged } from '../app/rates.js';
import type { CatalogEntry } from '../catalog/catalog.js';
import type { RatePlan } from '../catalog/plans.js';
import { ErrorCode, HubError } from '../errors.js';
import {
  type Booking,
  ConfirmStatus,
  isRefusal,
  newOrderExtId,
  type Order,
  type OrderRef,
  OrderStatus,
  refOf,
} from '../orders/index.js';
import { stores } from '../store/stores.js';
import { DOUYIN } from './channel.js';
import type { SpiAnswer, SpiInput } from './middleware.js';
import type { CancelRequest, CommitRequest, StatusRequest } from './schemas.js';

function toBooking(body: CommitRequest, entry: CatalogEntry, plan: RatePlan): Booking {
  return {
    // The room type, whose allotment the order holds from, and the rate plan `spu_ext_id` names.
    spuExtId: entry.roomType.spuExtId,
    rateCode: plan.code,
    supplierExtId: entry.hotel.supplierExtId,
    hotelCode: entry.hotel.hotelCode,
    reserveAmount: body.reserve_amount,
    checkIn: body.check_in,
    checkOut: body.check_out,
    totalPrice: body.total_price,
    ...(body.remark === undefined ? {} : { remark: body.remark }),
    customerName: body.customer_name,
    customerPhone: body.customer_phone,
    customerList: (body.customer_list ?? []).map(({ surname, given_name, cn_name }) => ({ surname, given_name, cn_name })),
    datePrice: (body.date_price ?? []).map((night) => ({ date: night.date, datePrice: night.date_price })),
  };
}

/** What makes two commits "the same content": everything booked, not the payment flag. */
function fingerprintOf(booking: Booking): string {
  return createHash('sha256').update(JSON.stringify(booking)).digest('hex');
}

/**
 * Commit (下单): creates the order once per `order_id`; a repeat with the same content answers the same
 * `order_ext_id` (and a repeat marked paid counts as the payment), different content is 40901. A room type
 * sold from its own allotment holds its nights at once; a night without enough rooms still takes the order
 * (Douyin has it), which holds nothing and once paid is confirmed 2.
 */
export async function commitOrder({ body, receivedAt: now }: SpiInput<CommitRequest>): Promise<SpiAnswer> {
  const sold = await planSoldAs(DOUYIN, body.spu_ext_id);
  if (sold === undefined) {
    throw new HubError(ErrorCode.UnknownRoomType, `spu_ext_id: ${body.spu_ext_id} is not in the catalog`);
  }
  const { entry, plan } = sold;
  if (body.supplier_ext_id !== undefined && body.supplier_ext_id !== entry.hotel.supplierExtId) {
    throw new HubError(
      ErrorCode.UnknownRoomType,
      `spu_ext_id: ${body.spu_ext_id} does not belong to supplier_ext_id ${body.supplier_ext_id}`,
    );
  }
  const booking = toBooking(body, entry, plan);
  const fingerprint = fingerprintOf(booking);
  const paid = body.status === 1;
  // The stay's rules decide at once; the price only decides the confirmation of a paid order (an unpaid one
  // is checked at its payment). One read of the nights for both.
  const { refused, priceChanged: changed } = await assessBooking(entry, plan, DOUYIN, booking, { price: paid, now });
  const placed = await placeOrder({
    channel: DOUYIN,
    orderId: body.order_id,
    orderExtId: newOrderExtId(now),
    booking,
    fingerprint,
    paid,
    axMapped: entry.roomType.ax !== undefined,
    managed: entry.roomType.inventory !== undefined,
    ...(refused === undefined ? {} : { refusedBy: refused.message }),
    priceChanged: changed,
    now,
  });
  if (placed.created) {
    const { order } = placed;
    return { fields: { order_ext_id: order.orderExtId }, matched: refOf(order), sending: placed.sending };
  }
  const { existing } = placed;
  if (isRefusal(existing)) throw new HubError(ErrorCode.Conflict, `order_id: ${body.order_id} cannot be committed`);
  const repeat = await applyEvent(
    refOf(existing),
    { type: 'commit', fingerprint, paid, priceChanged: changed },
    { now, known: existing, deferSend: true },
  );
  return { fields: { order_ext_id: existing.orderExtId }, matched: refOf(existing), duplicate: true, sending: repeat?.sending };
}

/** The stored order a cancel or status call names, checked against `order_ext_id` and `supplier_ext_id`. */
async function namedOrder({ body }: SpiInput<CancelRequest | StatusRequest>): Promise<Order> {
  const ref: OrderRef = { channel: DOUYIN, orderId: body.order_id };
  const record = await stores().orders.get(ref);
  if (record === undefined || isRefusal(record)) throw new HubError(ErrorCode.NotFound, `order_id: no order ${body.order_id}`);
  const { orderId } = record;
  if (record.orderExtId !== body.order_ext_id) {
    throw new HubError(ErrorCode.NotFound, `order_ext_id: ${body.order_ext_id} does not belong to order_id ${body.order_id}`, {
      orderId,
    });
  }
  if (record.booking.supplierExtId !== body.supplier_ext_id) {
    throw new HubError(ErrorCode.NotFound, `supplier_ext_id: order ${body.order_id} does not belong to ${body.supplier_ext_id}`, {
      orderId,
    });
  }
  return record;
}

/** Cancel (取消订单): moves the order to cancelled once, gives its nights back and owes AX a cancel per linked AX order. */
export async function cancelOrder(input: SpiInput<CancelRequest>): Promise<SpiAnswer> {
  const order = await namedOrder(input);
  const { duplicate, sending } = await cancelAndRelease(order, input.receivedAt);
  return { fields: { order_ext_id: order.orderExtId, status: 0 }, matched: refOf(order), duplicate, sending };
}

/**
 * Payment notice (支付状态通知): marks the order paid and answers the confirmation status known now
 * (0 confirmed, 1 price changed, 2 out of stock, 3 still confirming).
 */
export async function notifyPayment(input: SpiInput<StatusRequest>): Promise<SpiAnswer> {
  const { body, receivedAt: now } = input;
  const order = await namedOrder(input);
  const answer = (status: number) => ({ fields: { order_ext_id: order.orderExtId, status }, matched: refOf(order) });
  if (body.status === 0) {
    if (order.status !== OrderStatus.Unpaid) {
      throw new HubError(
        ErrorCode.NotAllowed,
        `status: order ${body.order_id} is ${order.status.toLowerCase()}, it cannot become unpaid`,
        {
          orderId: order.orderId,
        },
      );
    }
    return answer(ConfirmStatus.Confirming);
  }
  const changed =
    order.status === OrderStatus.Unpaid &&
    (await priceChanged(await stores().catalog.roomType(order.booking.spuExtId), order.booking, DOUYIN));
  const paid = await applyEvent(refOf(order), { type: 'pay', priceChanged: changed }, { now, known: order, deferSend: true });
  return {
    ...answer(paid?.order.confirmStatus ?? order.confirmStatus),
    duplicate: paid?.result.duplicate,
    sending: paid?.sending,
  };
}
