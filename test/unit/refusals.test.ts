/**
 * Each channel's envelope maps the order core's refusals onto its own wire, in one place: a refusal that will
 * not change is never answered with a code that tells the channel to retry, and a busy order always is.
 */
import { describe, expect, it } from 'vitest';
import { douyinRefusal } from '../../lib/douyin/refusals.js';
import { ErrorCode, HubError, OrderRefused, Refused } from '../../lib/errors.js';
import { BodyTooLarge } from '../../lib/http/inbound.js';
import { PartnerCode, PartnerError, partnerRefusal } from '../../lib/partner/errors.js';

const refused = (kind: Refused, message = 'the order is cancelled and cannot be paid') =>
  new OrderRefused(kind, message, { orderId: '7000000000000000001' });

describe('Douyin’s mapping of the core’s refusals', () => {
  it.each([
    [Refused.Conflict, ErrorCode.Conflict, 'order_id: 7000000000000000001 was already committed with different content'],
    [Refused.NotAllowed, ErrorCode.NotAllowed, 'status: the order is cancelled and cannot be paid'],
    [Refused.Busy, ErrorCode.Temporary, 'the order is busy, please retry'],
  ])('answers %s as %i, naming the field', (kind, code, description) => {
    const error = douyinRefusal(refused(kind, kind === Refused.Busy ? 'the order is busy, please retry' : undefined));
    expect(error).toMatchObject({ code, message: description, orderId: '7000000000000000001' });
  });

  it('keeps its own refusals, answers a body over the limit 41301 and anything else 100', () => {
    const own = new HubError(ErrorCode.BadRequest, 'check_in: not a date');
    expect(douyinRefusal(own)).toBe(own);
    expect(douyinRefusal(new BodyTooLarge('body: larger than 65536 bytes'))).toMatchObject({ code: ErrorCode.TooLarge });
    expect(douyinRefusal(new Error('socket hang up'))).toMatchObject({ code: ErrorCode.Temporary });
  });
});

describe('the partner’s mapping of the core’s refusals', () => {
  it.each([
    [Refused.Conflict, PartnerCode.DuplicateCreate],
    [Refused.NotAllowed, PartnerCode.InvalidRequest],
    [Refused.Busy, PartnerCode.SystemException],
  ])('answers %s as %s, kept on the partner’s order', (kind, code) => {
    expect(partnerRefusal(refused(kind))).toMatchObject({
      code,
      matched: { channel: 'partner', orderId: '7000000000000000001' },
    });
  });

  it('keeps its own refusals, answers a body over the limit INVALID_REQUEST and anything else SYSTEM_EXCEPTION', () => {
    const own = new PartnerError(PartnerCode.NoInventory, 'sold out');
    expect(partnerRefusal(own)).toBe(own);
    expect(partnerRefusal(new BodyTooLarge('body: larger than 65536 bytes'))).toMatchObject({ code: PartnerCode.InvalidRequest });
    expect(partnerRefusal(new Error('socket hang up'))).toMatchObject({ code: PartnerCode.SystemException });
  });
});
