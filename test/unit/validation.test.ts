import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { commitRequestSchema } from '../../lib/douyin/schemas.js';
import { describeIssue } from '../../lib/validation/issues.js';

const valid = {
  order_id: '7000000000000000001',
  spu_ext_id: 'RT-DLX-TWIN',
  status: 1,
  reserve_amount: 1,
  customer_name: 'Guest',
  customer_phone: '13800000000',
  check_in: '20261224',
  check_out: '20261226',
  total_price: 157600,
};

function problem(body: Record<string, unknown>): string | undefined {
  const result = commitRequestSchema.safeParse(body);
  return result.success ? undefined : describeIssue(result.error, body);
}

describe('commit body validation', () => {
  it('accepts a valid body, a numeric phone (as a string) and unknown extra fields', () => {
    const result = commitRequestSchema.parse({ ...valid, customer_phone: 13800000000, extra_field: 'x' });
    expect(result.customer_phone).toBe('13800000000');
    expect(result.order_id).toBe('7000000000000000001');
  });

  it.each([
    ['order_id missing', { order_id: undefined }, 'order_id: is required'],
    // biome-ignore lint/correctness/noPrecisionLoss: a number that loses digits is exactly why ids must be strings
    ['order_id a number', { order_id: 7000000000000000001 }, 'order_id: expected string, received number'],
    ['order_id empty', { order_id: '' }, 'order_id: must not be empty'],
    ['status 2', { status: 2 }, 'status: must be 0 (unpaid) or 1 (paid)'],
    ['reserve_amount 0', { reserve_amount: 0 }, 'reserve_amount: must be ≥ 1'],
    ['reserve_amount fractional', { reserve_amount: 1.5 }, 'reserve_amount: must be an integer'],
    ['total_price negative', { total_price: -1 }, 'total_price: must be ≥ 0'],
    ['total_price a string', { total_price: '100' }, 'total_price: expected number, received string'],
    ['check_in not a date', { check_in: '20261332' }, 'check_in: must be a real date as yyyyMMdd'],
    ['check_in dashed', { check_in: '2026-12-24' }, 'check_in: must be a real date as yyyyMMdd'],
    ['check_out before check_in', { check_out: '20261223' }, 'check_out: must be after check_in'],
    ['check_out equal to check_in', { check_out: '20261224' }, 'check_out: must be after check_in'],
    ['customer_phone an object', { customer_phone: {} }, 'customer_phone: must be a string or a number'],
    ['customer_phone letters', { customer_phone: 'call me' }, 'customer_phone: must be a phone number'],
    ['customer_name missing', { customer_name: undefined }, 'customer_name: is required'],
    [
      'a night outside the stay',
      {
        date_price: [
          { date: '20261226', date_price: 1 },
          { date: '20261224', date_price: 1 },
        ],
      },
      'date_price[0].date: must be a night inside [check_in, check_out)',
    ],
    ['a night missing', { date_price: [{ date: '20261224', date_price: 1 }] }, 'date_price: must have one entry per night (2)'],
    [
      'a night twice',
      {
        date_price: [
          { date: '20261224', date_price: 1 },
          { date: '20261224', date_price: 1 },
        ],
      },
      'date_price[1].date: appears twice',
    ],
    ['a negative night price', { date_price: [{ date: '20261224', date_price: -5 }] }, 'date_price[0].date_price: must be ≥ 0'],
  ])('names the field when %s', (_name, change, message) => {
    expect(problem({ ...valid, ...change })).toBe(message);
  });
});

describe('messages for checks that carry none of their own', () => {
  // zod/mini ships no locale: without these, each would read "Invalid input".
  const schema = z.object({
    code: z.string().check(z.minLength(3)),
    count: z.number().check(z.lte(9)),
    list: z.array(z.string()).check(z.maxLength(1)),
    currency: z.enum(['KRW', 'USD']),
    email: z.optional(z.email()),
    name: z.optional(z.string().check(z.regex(/^[a-z]+$/))),
    flag: z.optional(z.boolean()),
  });
  const good = { code: 'abc', count: 1, list: [], currency: 'KRW' };

  it.each([
    ['a short string', { code: 'ab' }, 'code: must be at least 3 characters'],
    ['a number over its bound', { count: 10 }, 'count: must be ≤ 9'],
    ['a long list', { list: ['a', 'b'] }, 'list: must have at most 1 entries'],
    ['a value outside an enum', { currency: 'EUR' }, 'currency: must be one of "KRW", "USD"'],
    ['a bad email', { email: 'not-an-email' }, 'email: must be a valid email'],
    ['a pattern mismatch', { name: 'A1' }, 'name: has the wrong format'],
    ['a wrong type', { flag: 'yes' }, 'flag: expected boolean, received string'],
    ['null for a string', { code: null }, 'code: expected string, received null'],
    ['a missing field', { count: undefined }, 'count: is required'],
  ])('describes %s', (_name, change, message) => {
    const body = { ...good, ...change };
    const result = schema.safeParse(body);
    expect(result.success).toBe(false);
    expect(describeIssue(result.error ?? { issues: [] }, body)).toBe(message);
  });
});
