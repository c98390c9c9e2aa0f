/** Lambda: GET /admin/orders: orders by any id, channel, state and arrival (every group). */
import { adminHandler, READERS } from '../lib/admin/api.js';
import { listOrders } from '../lib/admin/console-api.js';

export const handler = adminHandler('admin-orders', READERS, listOrders);
