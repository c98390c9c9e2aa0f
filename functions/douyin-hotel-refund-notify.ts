/** Lambda: POST /douyin/hotel/refund-notify: Douyin's calendar room, the refund notice (hotel_spot.order.refund_notify). */
import { hotelHandler } from '../lib/douyinHotel/middleware.js';
import { refundNotifySchema } from '../lib/douyinHotel/schemas.js';
import { notifyRefund } from '../lib/douyinHotel/spi.js';

export const handler = hotelHandler('hotel-refund-notify', refundNotifySchema, notifyRefund);
