/** Lambda: GET /admin/ari: the grid of prices, rules and allotment (every group). */
import { adminHandler, getAri, READERS } from '../lib/admin/api.js';

export const handler = adminHandler('admin-ari-get', READERS, getAri);
