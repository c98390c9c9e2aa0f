/** Lambda: POST /poi/ext/hotel/order/cancel — Douyin cancels an order (取消订单). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { type CancelRequest, cancelRequestSchema } from '../lib/douyin/schemas.js';
import { douyinSpi, type SpiEvent } from '../lib/douyin/spi-middleware.js';
import { cancelOrder } from '../lib/douyin/spi-orders.js';
import { logger, metrics } from '../lib/observability/logger.js';

export const handler = middy<SpiEvent<CancelRequest>>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(douyinSpi('cancel', cancelRequestSchema))
  .handler((event) => cancelOrder(event.spi));
