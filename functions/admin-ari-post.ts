/** Lambda: POST /admin/ari: changes ARI (groups revenue and operator). */
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type AdminEvent, adminApi, postAri } from '../lib/admin/api.js';
import { Group } from '../lib/admin/auth.js';
import { observed } from '../lib/observability/logger.js';

export const handler = middy<AdminEvent, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use(observed())
  .use(adminApi('admin-ari-post', [Group.Revenue, Group.Operator]))
  .handler((event) => postAri(event) as never);
