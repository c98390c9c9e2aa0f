/** Lambda: POST /douyin/hotel/create-order: Douyin's calendar room, create an order. */
import { hotelHandler } from '../lib/douyinHotel/middleware.js';
import { createOrderSchema } from '../lib/douyinHotel/schemas.js';
import { createOrder } from '../lib/douyinHotel/spi.js';

export const handler = hotelHandler('hotel-create-order', createOrderSchema, createOrder);
