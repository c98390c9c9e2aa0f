/** Lambda: POST /admin/work/link-ax: an AX order made by hand attached (operator). */
import { adminHandler, OPERATORS } from '../lib/admin/api.js';
import { linkAxAction } from '../lib/admin/console-api.js';

export const handler = adminHandler('admin-work-link-ax', OPERATORS, linkAxAction);
