/** Lambda: POST /douyin/hotel/ari-pull: Douyin's calendar room, the pull of price, inventory and availability (hotel_spot.trip.hotel_ari_cron_pull). */
import { hotelHandler } from '../lib/douyinHotel/middleware.js';
import { ariPullSchema } from '../lib/douyinHotel/schemas.js';
import { pullAri } from '../lib/douyinHotel/spi.js';

export const handler = hotelHandler('hotel-ari-pull', ariPullSchema, pullAri);
