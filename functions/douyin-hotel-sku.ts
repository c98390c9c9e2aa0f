/** Lambda: GET /poi/ext/hotel/sku — Douyin pulls each room type's nightly price and stock. */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { douyinSpi, type SpiEvent, type SpiResult } from '../lib/douyin/middleware.js';
import { pullPriceAndStock, type SkuQuery, skuQuerySchema } from '../lib/douyin/sku.js';
import { HANDLER_EARLY_MS } from '../lib/http/answer-budget.js';
import type { InboundInternal } from '../lib/http/inbound.js';
import { observed } from '../lib/observability/logger.js';

export const handler = middy<SpiEvent<SkuQuery>, SpiResult, Error, Context, InboundInternal>({
  timeoutEarlyInMillis: HANDLER_EARLY_MS,
})
  .use(observed())
  .use(douyinSpi('sku', skuQuerySchema, { from: 'query' }))
  .handler((event) => pullPriceAndStock(event.spi));
