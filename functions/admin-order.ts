/** Lambda: GET /admin/orders/{id}: one order's whole story, guests masked (every group). */
import { adminHandler, READERS } from '../lib/admin/api.js';
import { orderStory } from '../lib/admin/console-api.js';

export const handler = adminHandler('admin-order', READERS, orderStory);
