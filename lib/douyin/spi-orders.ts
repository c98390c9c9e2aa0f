/**
 * The domain of Douyin's three hotel SPIs (SPEC §2): commit, cancel and the payment notice. Each takes the
 * validated request and answers with a value (the reply's fields, the order it matched, whether it was a
 * repeat, and the queue send to overlap with the history write); the SPI middleware turns that into the
 * reply and the history entry.
 */
import { createHash } from 'node:crypto';
import type { CatalogEntry } from '../catalog/catalog.js';
import { getConfig } from '../config/config.js';
import { ErrorCode, HubError } from '../errors.js';
import { Counter, count } from '../observability/logger.js';
import { type Booking, ConfirmStatus, type Order, OrderStatus } from '../orders/model.js';
import { newOrderExtId } from '../orders/order-ext-id.js';
import { open, policyOf } from '../orders/policy.js';
import { applyEvent, enqueueDue } from '../store/apply.js';
import { findRoomType } from '../store/catalog-store.js';
import { createOrder, getOrder } from '../store/orders-store.js';
import type { CancelRequest, CommitRequest, StatusRequest } from './schemas.js';

/** What the domain gets: the validated body and the request's identity. It answers with a value. */
export interface SpiInput<T> {
  readonly body: T;
  readonly requestId: string;
  readonly receivedAt: number;
}

/** The fields Douyin reads beside error_code and description. */
export type SpiFields = Record<string, string | number>;

/** The domain's answer to one SPI request. */
export interface SpiAnswer {
  fields: SpiFields;
  /** The stored order the request concerns: its history goes there. */
  matchedOrderId?: string;
  /** A repeat that changed nothing (or only what a repeat may). */
  duplicate?: boolean;
  /** The queue send the request made, awaited beside the history write; it never rejects. */
  sending?: Promise<void>;
}

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

/** What makes two commits "the same content": everything booked, not the payment flag. */
function fingerprintOf(booking: Booking): string {
  return createHash('sha256').update(JSON.stringify(booking)).digest('hex');
}

/**
 * Commit (下单): creates the order once per `order_id`; a repeat with the same content answers the same
 * `order_ext_id` (and a repeat marked paid counts as the payment), different content is 40901.
 */
export async function commitOrder({ body, receivedAt: now }: SpiInput<CommitRequest>): Promise<SpiAnswer> {
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
  const paid = body.status === 1;
  const policy = policyOf(getConfig());
  const opening = { orderId: body.order_id, orderExtId: newOrderExtId(now), booking, fingerprint, paid, entry, now };
  let opened = open(opening, policy);
  let result = await createOrder(opened.order, entry.roomType.inventory);
  if ('outOfStock' in result) {
    // A night has too few rooms: the order is still taken (Douyin has it), holds nothing, and once paid is 2.
    count(Counter.OutOfStock, { name: 'spuExtId', value: body.spu_ext_id });
    opened = open({ ...opening, stock: 'out-of-stock' }, policy);
    result = await createOrder(opened.order);
  }
  if (result.created) {
    return { fields: { order_ext_id: opened.order.orderExtId }, matchedOrderId: body.order_id, sending: enqueueDue(opened) };
  }
  if (!('existing' in result)) throw new HubError(ErrorCode.Temporary, 'order could not be stored, please retry');
  const { existing } = result;
  const repeat = await applyEvent(
    existing.orderId,
    { type: 'commit', fingerprint, paid, entry },
    { now, known: existing, deferSend: true },
  );
  return {
    fields: { order_ext_id: existing.orderExtId },
    matchedOrderId: existing.orderId,
    duplicate: true,
    sending: repeat?.sending,
  };
}

/** The stored order a cancel or status call names, checked against `order_ext_id` and `supplier_ext_id`. */
async function namedOrder({ body }: SpiInput<CancelRequest | StatusRequest>): Promise<Order> {
  const order = await getOrder(body.order_id);
  if (order === undefined) throw new HubError(ErrorCode.NotFound, `order_id: no order ${body.order_id}`);
  const { orderId } = order;
  if (order.orderExtId !== body.order_ext_id) {
    throw new HubError(ErrorCode.NotFound, `order_ext_id: ${body.order_ext_id} does not belong to order_id ${body.order_id}`, {
      orderId,
    });
  }
  if (order.booking.supplierExtId !== body.supplier_ext_id) {
    throw new HubError(ErrorCode.NotFound, `supplier_ext_id: order ${body.order_id} does not belong to ${body.supplier_ext_id}`, {
      orderId,
    });
  }
  return order;
}

/** Cancel (取消订单): moves the order to cancelled once and owes AX a cancel per linked AX order. */
export async function cancelOrder(input: SpiInput<CancelRequest>): Promise<SpiAnswer> {
  const order = await namedOrder(input);
  const answer = { fields: { order_ext_id: order.orderExtId, status: 0 }, matchedOrderId: order.orderId };
  if (order.status === OrderStatus.Cancelled) return { ...answer, duplicate: true };
  const cancelled = await applyEvent(order.orderId, { type: 'cancel' }, { now: input.receivedAt, known: order, deferSend: true });
  return { ...answer, sending: cancelled?.sending };
}

/**
 * Payment notice (支付状态通知): marks the order paid and answers the confirmation status known now
 * (0 confirmed, 1 price changed, 2 out of stock, 3 still confirming).
 */
export async function notifyPayment(input: SpiInput<StatusRequest>): Promise<SpiAnswer> {
  const { body, receivedAt: now } = input;
  const order = await namedOrder(input);
  const answer = (status: number) => ({ fields: { order_ext_id: order.orderExtId, status }, matchedOrderId: order.orderId });
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
  if (order.status === OrderStatus.Paid) return { ...answer(order.confirmStatus), duplicate: true };
  const entry = await findRoomType(order.booking.spuExtId);
  const paid = await applyEvent(order.orderId, { type: 'pay', entry }, { now, known: order, deferSend: true });
  return { ...answer(paid?.order.confirmStatus ?? order.confirmStatus), sending: paid?.sending };
}
