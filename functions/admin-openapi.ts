/** Lambda: GET /admin/openapi.json: the admin API's OpenAPI document (every group). */
import { adminHandler, openApiDocument, READERS } from '../lib/admin/api.js';

export const handler = adminHandler('admin-openapi', READERS, openApiDocument);
