/** Lambda (scheduled): compares Douyin's orders of the last window with the store and reports drift. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { logger, metrics } from '../lib/observability/logger.js';
import { scheduledReconcile } from '../lib/reconcile/reconcile.js';

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(() => scheduledReconcile());
