/** Lambda: POST /hotelRooms — the partner asks for a hotel's rates. */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { HANDLER_EARLY_MS } from '../lib/http/answer-budget.js';
import { observed } from '../lib/observability/logger.js';
import { HOTEL_ROOMS } from '../lib/partner/methods.js';
import { type PartnerEvent, type PartnerInternal, type PartnerResult, partnerChain } from '../lib/partner/middleware.js';

export const handler = middy<PartnerEvent, PartnerResult, Error, Context, PartnerInternal>({
  timeoutEarlyInMillis: HANDLER_EARLY_MS,
})
  .use(observed())
  .use(partnerChain('hotelRooms', [HOTEL_ROOMS]))
  .handler((event) => event.partner.method.run(event.partner));
