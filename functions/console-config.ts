/** Lambda: GET /console/config.json: the console’s user pool (no authentication). */
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type AdminEvent, adminApi, consoleConfig } from '../lib/admin/api.js';
import { observed } from '../lib/observability/logger.js';

export const handler = middy<AdminEvent, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use(observed())
  .use(adminApi('console-config', undefined))
  .handler(() => consoleConfig() as never);
