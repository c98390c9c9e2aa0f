/** Lambda: GET /admin/openapi.json: the admin API's OpenAPI document (every group). */
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type AdminEvent, adminApi, openApiDocument } from '../lib/admin/api.js';
import { Group } from '../lib/admin/auth.js';
import { observed } from '../lib/observability/logger.js';

export const handler = middy<AdminEvent, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use(observed())
  .use(adminApi('admin-openapi', [Group.Viewer, Group.Revenue, Group.Operator]))
  .handler(() => openApiDocument() as never);
