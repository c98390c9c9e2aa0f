/** Lambda (scheduled daily): erases guest data PII_RETENTION_DAYS after check-out. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { logger, metrics } from '../lib/observability/logger.js';
import { eraseExpiredGuestData } from '../lib/privacy/retention.js';

/** Stops taking new orders this long before the timeout, so the run ends on its own and is counted. */
const MARGIN_MS = 15_000;

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler((_event, context) => eraseExpiredGuestData({ deadline: Date.now() + context.getRemainingTimeInMillis() - MARGIN_MS }));
