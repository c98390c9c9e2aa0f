/** Lambda: GET /admin/work: work needing a person and the DLQ (every group). */
import { adminHandler, READERS } from '../lib/admin/api.js';
import { listWork } from '../lib/admin/console-api.js';

export const handler = adminHandler('admin-work', READERS, listWork);
