/** Lambda: POST /poi/ext/hotel/order/cancel — Douyin cancels an order (取消订单). */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { douyinSpi, type SpiEvent, type SpiResult } from '../lib/douyin/middleware.js';
import { type CancelRequest, cancelRequestSchema } from '../lib/douyin/schemas.js';
import { cancelOrder } from '../lib/douyin/spi-orders.js';
import { HANDLER_EARLY_MS } from '../lib/http/answer-budget.js';
import type { InboundInternal } from '../lib/http/inbound.js';
import { observed } from '../lib/observability/logger.js';

export const handler = middy<SpiEvent<CancelRequest>, SpiResult, Error, Context, InboundInternal>({
  timeoutEarlyInMillis: HANDLER_EARLY_MS,
})
  .use(observed())
  .use(douyinSpi('cancel', cancelRequestSchema))
  .handler((event) => cancelOrder(event.spi));
