/** Lambda: POST /admin/work/redrive: the DLQ moved back to the work queue (operator). */
import { adminHandler, OPERATORS } from '../lib/admin/api.js';
import { redriveAction } from '../lib/admin/console-api.js';

export const handler = adminHandler('admin-work-redrive', OPERATORS, redriveAction);
