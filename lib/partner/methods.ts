/** The partner's methods by request root (SPEC §3, §3b): each a schema and its domain function. */
import { partnerMethod } from './middleware.js';
import { searchOrderRequestSchema } from './schema.js';
import { searchOrder } from './search-order.js';

export const SEARCH_ORDER = partnerMethod({
  root: 'SearchOrderRequest',
  route: 'searchOrder',
  schema: searchOrderRequestSchema,
  handle: searchOrder,
});

/** Every method the single address `/partner` answers. */
export const PARTNER_METHODS = [SEARCH_ORDER] as const;
