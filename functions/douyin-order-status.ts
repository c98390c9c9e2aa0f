/** Lambda: POST /poi/ext/hotel/order/status — Douyin's payment notice (支付状态通知). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { type StatusRequest, statusRequestSchema } from '../lib/douyin/schemas.js';
import { douyinSpi, type SpiEvent } from '../lib/douyin/spi-middleware.js';
import { notifyPayment } from '../lib/douyin/spi-orders.js';
import { logger, metrics } from '../lib/observability/logger.js';

export const handler = middy<SpiEvent<StatusRequest>>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .use(douyinSpi('status', statusRequestSchema))
  .handler((event) => notifyPayment(event.spi));
