/** Lambda: POST /searchOrder and POST /partner — the partner's XML order inquiry. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { logger, metrics } from '../lib/observability/logger.js';
import { type PartnerEvent, partnerXml } from '../lib/partner/partner-middleware.js';
import { searchOrder } from '../lib/partner/search-order.js';

export const handler = middy<PartnerEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(partnerXml())
  .handler((event) => searchOrder(event.partner));
