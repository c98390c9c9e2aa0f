/** Lambda: POST /admin/work/recreate-ax: the AX create in doubt sent again (operator). */
import { adminHandler, OPERATORS } from '../lib/admin/api.js';
import { recreateAxAction } from '../lib/admin/console-api.js';

export const handler = adminHandler('admin-work-recreate-ax', OPERATORS, recreateAxAction);
