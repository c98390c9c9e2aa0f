/** Lambda: GET /admin/health: each channel's health (every group). */
import { adminHandler, READERS } from '../lib/admin/api.js';
import { channelHealth } from '../lib/admin/console-api.js';

export const handler = adminHandler('admin-health', READERS, channelHealth);
