/**
 * The requests the tests send, shared by the unit stack and the integration harness: a Douyin commit body,
 * the ids of a committed order, and the partner's signed token and searchOrder.
 */

import { partnerSignature } from '../../lib/partner/auth.js';
import { night } from '../../local/calendar.js';

export const PARTNER_USER = 'fliggy';
export const PARTNER_PASSWORD = 'S3cret!';

/** A valid commit body; each call gets a fresh order_id unless one is given. */
let sequence = 0;
export function commitBody(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    order_id: `70000000000${String(Date.now()).slice(-6)}${String(sequence).padStart(3, '0')}`,
    spu_ext_id: 'RT-DLX-TWIN',
    status: 0,
    reserve_amount: 1,
    customer_name: '张三',
    customer_phone: 13800138000,
    check_in: night(22),
    check_out: night(24),
    total_price: 58800 + 78800,
    ...overrides,
  };
}

/** Ids for cancel and status calls on a committed order. */
export function orderRef(body: { order_id: string }, orderExtId: string) {
  return { supplier_ext_id: 'SUP-SEL-001', order_id: body.order_id, order_ext_id: orderExtId };
}

/** The partner's AuthenticationToken, signed at `timestamp` (now by default). */
export function partnerToken(password = PARTNER_PASSWORD, timestamp = Math.floor(Date.now() / 1000)): string {
  const at = String(timestamp);
  return `<AuthenticationToken><Username>${PARTNER_USER}</Username><RequestTimestamp>${at}</RequestTimestamp><Signature>${partnerSignature(PARTNER_USER, password, at)}</Signature></AuthenticationToken>`;
}

/** A signed partner SearchOrderRequest. */
export function searchOrderXml(
  ids: { TaoBaoOrderId?: string; OrderId?: string },
  options: { includeDetail?: boolean; password?: string; timestamp?: number } = {},
) {
  const idXml = Object.entries(ids)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><SearchOrderRequest>${partnerToken(options.password, options.timestamp)}${idXml}<IncludeDetail>${options.includeDetail ?? false}</IncludeDetail></SearchOrderRequest>`;
}
