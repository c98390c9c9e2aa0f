/** Lambda: POST /douyin/hotel/pay-notify: Douyin's calendar room, the payment notice (hotel_spot.order.pay_notify). */
import { hotelHandler } from '../lib/douyinHotel/middleware.js';
import { payNotifySchema } from '../lib/douyinHotel/schemas.js';
import { notifyPayment } from '../lib/douyinHotel/spi.js';

export const handler = hotelHandler('hotel-pay-notify', payNotifySchema, notifyPayment);
