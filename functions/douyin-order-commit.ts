/** Lambda: POST /poi/ext/hotel/order/commit — Douyin commits an order (下单). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { type CommitRequest, commitRequestSchema } from '../lib/douyin/schemas.js';
import { douyinSpi, type SpiEvent } from '../lib/douyin/spi-middleware.js';
import { commitOrder } from '../lib/douyin/spi-orders.js';
import { logger, metrics } from '../lib/observability/logger.js';

export const handler = middy<SpiEvent<CommitRequest>>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(douyinSpi('commit', commitRequestSchema))
  .handler((event) => commitOrder(event.spi));
