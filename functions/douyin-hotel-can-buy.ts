/** Lambda: POST /douyin/hotel/can-buy: Douyin's calendar room, the bookability check (hotel_spot.order.can_buy). */
import { hotelHandler } from '../lib/douyinHotel/middleware.js';
import { canBuySchema } from '../lib/douyinHotel/schemas.js';
import { canBuy } from '../lib/douyinHotel/spi.js';

export const handler = hotelHandler('hotel-can-buy', canBuySchema, canBuy);
