/** Lambda (scheduled, or invoked by `ops reconcile` with a window): Douyin's orders against the store, drift reported. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { logger, metrics } from '../lib/observability/logger.js';
import { requestedReconcile } from '../lib/reconcile/reconcile.js';

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler((event: unknown) => requestedReconcile(event));
