/** Lambda (scheduled): re-enqueues owed work that is due but not in flight. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { logger } from '../lib/observability/logger.js';
import { sweepDueWork } from '../lib/worker/sweeper.js';

export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(() => sweepDueWork());
