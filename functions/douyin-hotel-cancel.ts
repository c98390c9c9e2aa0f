/** Lambda: POST /douyin/hotel/cancel: Douyin's calendar room, a cancel, at once or for the supplier to decide (hotel_spot.order.cancel_apply). */
import { hotelHandler } from '../lib/douyinHotel/middleware.js';
import { cancelSchema } from '../lib/douyinHotel/schemas.js';
import { cancelOrder } from '../lib/douyinHotel/spi.js';

export const handler = hotelHandler('hotel-cancel', cancelSchema, cancelOrder);
