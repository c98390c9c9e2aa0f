/** Lambda: POST /poi/ext/hotel/order/status — Douyin's payment notice (支付状态通知). */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { douyinSpi, type SpiEvent, type SpiResult } from '../lib/douyin/middleware.js';
import { type StatusRequest, statusRequestSchema } from '../lib/douyin/schemas.js';
import { notifyPayment } from '../lib/douyin/spi-orders.js';
import { HANDLER_EARLY_MS } from '../lib/http/answer-budget.js';
import type { InboundInternal } from '../lib/http/inbound.js';
import { observed } from '../lib/observability/logger.js';

export const handler = middy<SpiEvent<StatusRequest>, SpiResult, Error, Context, InboundInternal>({
  timeoutEarlyInMillis: HANDLER_EARLY_MS,
})
  .use(observed())
  .use(douyinSpi('status', statusRequestSchema))
  .handler((event) => notifyPayment(event.spi));
