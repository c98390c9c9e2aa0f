/** Lambda: POST /admin/ari: changes ARI (groups revenue and operator). */
import { adminHandler, postAri, REVENUE } from '../lib/admin/api.js';

export const handler = adminHandler('admin-ari-post', REVENUE, postAri);
