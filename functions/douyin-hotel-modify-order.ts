/** Lambda: POST /douyin/hotel/modify-order: Douyin's calendar room, modify order, refused (hotel_spot.order.modify_order). */
import { hotelHandler } from '../lib/douyinHotel/middleware.js';
import { modifyOrderSchema } from '../lib/douyinHotel/schemas.js';
import { modifyOrder } from '../lib/douyinHotel/spi.js';

export const handler = hotelHandler('hotel-modify-order', modifyOrderSchema, modifyOrder);
