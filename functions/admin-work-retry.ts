/** Lambda: POST /admin/work/retry: an order's failed work owed again (operator). */
import { adminHandler, OPERATORS } from '../lib/admin/api.js';
import { retryAction } from '../lib/admin/console-api.js';

export const handler = adminHandler('admin-work-retry', OPERATORS, retryAction);
