/** The domain of Douyin's three hotel SPIs: commit, cancel and the payment notice (SPEC §2). */
import { createHash } from 'node:crypto';
import type { CatalogEntry } from '../catalog/catalog.js';
import { findRoomType } from '../catalog/source.js';
import type { CancelRequest, CommitRequest, StatusRequest } from '../douyin/schemas.js';
import type { SpiFields, SpiRequest } from '../douyin/spi-middleware.js';
import { ErrorCode, HubError } from '../errors.js';
import { createOrder, getOrder } from '../store/orders-store.js';
import { applyToOrder, enqueueDue, withOrderSync } from './apply.js';
import { type Booking, ConfirmStatus, type Order, OrderStatus } from './model.js';
import { newOrderExtId } from './order-ext-id.js';
import { cancel, openOrder, pay } from './state-machine.js';

function toBooking(body: CommitRequest, entry: CatalogEntry): Booking {
  return {
    spuExtId: body.spu_ext_id,
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

/** Hands a queue send to the SPI middleware, which awaits it beside the history write. */
function deferTo(request: SpiRequest<unknown>): (sending: Promise<void>) => void {
  return (sending) => request.pending.push(sending);
}

/** What makes two commits "the same content": everything booked, not the payment flag. */
function fingerprintOf(booking: Booking): string {
  return createHash('sha256').update(JSON.stringify(booking)).digest('hex');
}

/**
 * Commit (下单): creates the order once per `order_id`; a repeat with the same content answers the same
 * `order_ext_id` (and a repeat marked paid counts as the payment), different content is 40901.
 */
export async function commitOrder(request: SpiRequest<CommitRequest>): Promise<SpiFields> {
  const { body, receivedAt: now } = request;
  const entry = await findRoomType(body.spu_ext_id);
  if (entry === undefined) {
    throw new HubError(ErrorCode.UnknownRoomType, `spu_ext_id: ${body.spu_ext_id} is not in the catalog`);
  }
  if (body.supplier_ext_id !== undefined && body.supplier_ext_id !== entry.hotel.supplierExtId) {
    throw new HubError(
      ErrorCode.UnknownRoomType,
      `spu_ext_id: ${body.spu_ext_id} does not belong to supplier_ext_id ${body.supplier_ext_id}`,
    );
  }
  const booking = toBooking(body, entry);
  const fingerprint = fingerprintOf(booking);
  const opened = withOrderSync(
    openOrder({
      orderId: body.order_id,
      orderExtId: newOrderExtId(now),
      booking,
      fingerprint,
      paid: body.status === 1,
      entry,
      now,
    }),
    now,
  );
  const result = await createOrder(opened.order);
  request.matchedOrderId = body.order_id;
  if (result.created) {
    request.pending.push(enqueueDue(opened));
    return { order_ext_id: opened.order.orderExtId };
  }
  const { existing } = result;
  if (existing.fingerprint !== fingerprint) {
    throw new HubError(ErrorCode.Conflict, `order_id: ${body.order_id} was already committed with different content`);
  }
  request.duplicate = true;
  if (body.status === 1 && existing.status === OrderStatus.Unpaid) {
    await applyToOrder(body.order_id, (order) => pay(order, entry, now), now, existing, deferTo(request));
  }
  return { order_ext_id: existing.orderExtId };
}

/** The stored order a cancel or status call names, checked against `order_ext_id` and `supplier_ext_id`. */
async function namedOrder(request: SpiRequest<CancelRequest | StatusRequest>): Promise<Order> {
  const { body } = request;
  const order = await getOrder(body.order_id);
  if (order === undefined) throw new HubError(ErrorCode.NotFound, `order_id: no order ${body.order_id}`);
  request.matchedOrderId = order.orderId;
  if (order.orderExtId !== body.order_ext_id) {
    throw new HubError(ErrorCode.NotFound, `order_ext_id: ${body.order_ext_id} does not belong to order_id ${body.order_id}`);
  }
  if (order.booking.supplierExtId !== body.supplier_ext_id) {
    throw new HubError(ErrorCode.NotFound, `supplier_ext_id: order ${body.order_id} does not belong to ${body.supplier_ext_id}`);
  }
  return order;
}

/** Cancel (取消订单): moves the order to cancelled once and owes AX a cancel per linked AX order. */
export async function cancelOrder(request: SpiRequest<CancelRequest>): Promise<SpiFields> {
  const order = await namedOrder(request);
  if (order.status === OrderStatus.Cancelled) request.duplicate = true;
  else
    await applyToOrder(
      order.orderId,
      (current) => cancel(current, request.receivedAt),
      request.receivedAt,
      order,
      deferTo(request),
    );
  return { order_ext_id: order.orderExtId, status: 0 };
}

/**
 * Payment notice (支付状态通知): marks the order paid and answers the confirmation status known now
 * (0 confirmed, 1 price changed, 2 out of stock, 3 still confirming).
 */
export async function notifyPayment(request: SpiRequest<StatusRequest>): Promise<SpiFields> {
  const { body, receivedAt: now } = request;
  const order = await namedOrder(request);
  if (body.status === 0) {
    if (order.status !== OrderStatus.Unpaid) {
      throw new HubError(
        ErrorCode.NotAllowed,
        `status: order ${body.order_id} is ${order.status.toLowerCase()}, it cannot become unpaid`,
      );
    }
    return { order_ext_id: order.orderExtId, status: ConfirmStatus.Confirming };
  }
  if (order.status === OrderStatus.Paid) {
    request.duplicate = true;
    return { order_ext_id: order.orderExtId, status: order.confirmStatus };
  }
  const entry = await findRoomType(order.booking.spuExtId);
  const transition = await applyToOrder(order.orderId, (current) => pay(current, entry, now), now, order, deferTo(request));
  return { order_ext_id: order.orderExtId, status: transition?.order.confirmStatus ?? order.confirmStatus };
}
