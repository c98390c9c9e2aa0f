/** Lambda: POST /roomAvailability — the partner re-validates one rate, priced live. */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { HANDLER_EARLY_MS } from '../lib/http/answer-budget.js';
import { observed } from '../lib/observability/logger.js';
import { ROOM_AVAILABILITY } from '../lib/partner/methods.js';
import { type PartnerEvent, type PartnerInternal, type PartnerResult, partnerChain } from '../lib/partner/middleware.js';

export const handler = middy<PartnerEvent, PartnerResult, Error, Context, PartnerInternal>({
  timeoutEarlyInMillis: HANDLER_EARLY_MS,
})
  .use(observed())
  .use(partnerChain('roomAvailability', [ROOM_AVAILABILITY]))
  .handler((event) => event.partner.method.run(event.partner));
