/** Lambda: POST /admin/orders/{id}/cancel-decision: a person decides a cancel a channel left to the hotel (operator). */
import { adminHandler, OPERATORS } from '../lib/admin/api.js';
import { cancelDecisionAction } from '../lib/admin/console-api.js';

export const handler = adminHandler('admin-order-cancel-decision', OPERATORS, cancelDecisionAction);
