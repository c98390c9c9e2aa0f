/** Lambda: GET /admin/hotels: the hotels, room types and rate plans the grid offers (every group). */
import { adminHandler, listHotels, READERS } from '../lib/admin/api.js';

export const handler = adminHandler('admin-hotels', READERS, listHotels);
