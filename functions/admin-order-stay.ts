/** Lambda: POST /admin/orders/{id}/stay: the hotel records a stay, told to the channels that ask (operator). */
import { adminHandler, OPERATORS } from '../lib/admin/api.js';
import { stayAction } from '../lib/admin/console-api.js';

export const handler = adminHandler('admin-order-stay', OPERATORS, stayAction);
