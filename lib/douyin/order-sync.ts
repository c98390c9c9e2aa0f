/**
 * `/poi/order/sync/` (seed 001, PoiOrderSync): tells Douyin an order's state as a 住宿 (140) order.
 * Douyin publishes no `order_detail` structure for 140; ours carries ids, dates, money and state only,
 * never the guest's name or phone.
 */
import type { Order } from '../orders/index.js';
import { callDouyin } from './client.js';

const HOTEL_ORDER_TYPE = 140;

/** The body of one order sync; `date_time` is the send time in ms. */
function orderSyncBody(order: Order, now = Date.now()) {
  const { booking } = order;
  return {
    order_type: HOTEL_ORDER_TYPE,
    date_time: now,
    order_detail: JSON.stringify({
      order_id: order.orderId,
      order_ext_id: order.orderExtId,
      status: order.status,
      confirm_status: order.confirmStatus,
      spu_ext_id: booking.spuExtId,
      check_in: booking.checkIn,
      check_out: booking.checkOut,
      reserve_amount: booking.reserveAmount,
      total_price: booking.totalPrice,
      update_time: order.updatedAt,
    }),
    ext_shop_info: { ext_shop_id: booking.supplierExtId },
  };
}

export function sendOrderSync(order: Order) {
  return callDouyin('/poi/order/sync/', orderSyncBody(order));
}
