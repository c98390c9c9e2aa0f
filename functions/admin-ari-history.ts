/** Lambda: GET /admin/ari/history: who changed what (every group). */
import { adminHandler, getAriHistory, READERS } from '../lib/admin/api.js';

export const handler = adminHandler('admin-ari-history', READERS, getAriHistory);
