/** Lambda: POST /poi/ext/hotel/order/commit — Douyin commits an order (下单). */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { douyinSpi, type SpiEvent, type SpiResult } from '../lib/douyin/middleware.js';
import { type CommitRequest, commitRequestSchema } from '../lib/douyin/schemas.js';
import { commitOrder } from '../lib/douyin/spi-orders.js';
import { HANDLER_EARLY_MS } from '../lib/http/answer-budget.js';
import type { InboundInternal } from '../lib/http/inbound.js';
import { observed } from '../lib/observability/logger.js';

export const handler = middy<SpiEvent<CommitRequest>, SpiResult, Error, Context, InboundInternal>({
  timeoutEarlyInMillis: HANDLER_EARLY_MS,
})
  .use(observed())
  .use(douyinSpi('commit', commitRequestSchema))
  .handler((event) => commitOrder(event.spi));
