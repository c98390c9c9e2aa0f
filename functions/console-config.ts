/** Lambda: GET /console/config.json: the console's user pool (no authentication). */
import { adminHandler, consoleConfig } from '../lib/admin/api.js';

export const handler = adminHandler('console-config', undefined, consoleConfig);
