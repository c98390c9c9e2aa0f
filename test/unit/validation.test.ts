import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { cancelRequestSchema, commitRequestSchema, statusRequestSchema } from '../../lib/douyin/schemas.js';
import { describeIssue } from '../../lib/validation/issues.js';
import { day, night } from '../../local/calendar.js';

const valid = {
  order_id: '7000000000000000001',
  spu_ext_id: 'RT-DLX-TWIN',
  status: 1,
  reserve_amount: 1,
  customer_name: 'Guest',
  customer_phone: '13800000000',
  check_in: night(23),
  check_out: night(25),
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
    ['check_in dashed', { check_in: day(23) }, 'check_in: must be a real date as yyyyMMdd'],
    ['check_out before check_in', { check_out: night(22) }, 'check_out: must be after check_in'],
    ['check_out equal to check_in', { check_out: night(23) }, 'check_out: must be after check_in'],
    ['customer_phone an object', { customer_phone: {} }, 'customer_phone: must be a string or a number'],
    ['customer_phone empty', { customer_phone: '' }, 'customer_phone: must not be empty'],
    ['customer_phone over 64 characters', { customer_phone: '1'.repeat(65) }, 'customer_phone: must be at most 64 characters'],
    ['customer_name missing', { customer_name: undefined }, 'customer_name: is required'],
    ['customer_name over 128 characters', { customer_name: '张'.repeat(129) }, 'customer_name: must be at most 128 characters'],
    ['remark over 2000 characters', { remark: 'x'.repeat(2001) }, 'remark: must be at most 2000 characters'],
    ['status sent as text', { status: '1' }, 'status: must be 0 (unpaid) or 1 (paid)'],
    ['reserve_amount null', { reserve_amount: null }, 'reserve_amount: expected number, received null'],
    ['a guest entry that is not an object', { customer_list: ['张三'] }, 'customer_list[0]: expected object, received string'],
    [
      'a night outside the stay',
      {
        date_price: [
          { date: night(25), date_price: 1 },
          { date: night(23), date_price: 1 },
        ],
      },
      'date_price[0].date: must be a night inside [check_in, check_out)',
    ],
    ['a night missing', { date_price: [{ date: night(23), date_price: 1 }] }, 'date_price: must have one entry per night (2)'],
    [
      'a night twice',
      {
        date_price: [
          { date: night(23), date_price: 1 },
          { date: night(23), date_price: 1 },
        ],
      },
      'date_price[1].date: appears twice',
    ],
    ['a negative night price', { date_price: [{ date: night(23), date_price: -5 }] }, 'date_price[0].date_price: must be ≥ 0'],
  ])('names the field when %s', (_name, change, message) => {
    expect(problem({ ...valid, ...change })).toBe(message);
  });
});

describe('what the commit body takes as sent (SPEC §2: liberal on contact fields and free text)', () => {
  it.each([
    ['a masked phone', { customer_phone: '138****8000' }, '138****8000'],
    ['a virtual number with an extension', { customer_phone: '17012345678-1234' }, '17012345678-1234'],
    ['letters', { customer_phone: 'call me' }, 'call me'],
    ['Go’s int64', { customer_phone: 13800138000 }, '13800138000'],
    ['spaces kept', { customer_phone: ' +86 138 0013 8000 ' }, ' +86 138 0013 8000 '],
  ])('a phone: %s', (_name, change, phone) => {
    expect(commitRequestSchema.parse({ ...valid, ...change }).customer_phone).toBe(phone);
  });

  it('takes an empty name and remark as sent, and null optional fields as absent', () => {
    const body = commitRequestSchema.parse({
      ...valid,
      customer_name: '',
      remark: null,
      customer_list: [{ surname: null, given_name: 'San', cn_name: '张三' }],
      date_price: null,
      supplier_ext_id: null,
    });
    expect(body).toMatchObject({ customer_name: '', remark: undefined, date_price: undefined, supplier_ext_id: undefined });
    expect(body.customer_list).toEqual([{ surname: undefined, given_name: 'San', cn_name: '张三' }]);
  });
});

describe('cancel and payment notice bodies', () => {
  const ids = { supplier_ext_id: 'SUP-SEL-001', order_id: '7000000000000000001', order_ext_id: 'HUB1' };

  it.each([
    ['Python’s form, without order_status', ids],
    ['Java’s form, with order_status', { ...ids, order_status: 1 }],
    [
      'Go’s form, with order_status and date_price',
      { ...ids, order_status: 0, date_price: [{ date: night(23), date_price: 1 }] },
    ],
  ])('accepts a cancel in %s', (_name, body) => {
    expect(cancelRequestSchema.safeParse(body).success).toBe(true);
  });

  it.each([
    ['order_status 2', { ...ids, order_status: 2 }, 'order_status: must be 0 (unpaid) or 1 (paid)'],
    ['order_ext_id missing', { ...ids, order_ext_id: undefined }, 'order_ext_id: is required'],
  ])('refuses a cancel with %s', (_name, body, message) => {
    const result = cancelRequestSchema.safeParse(body);
    expect(result.success ? undefined : describeIssue(result.error, body)).toBe(message);
  });

  it('accepts Go’s payment notice with date_price, and still refuses an unknown paid flag', () => {
    expect(statusRequestSchema.safeParse({ ...ids, status: 1, date_price: [{ date: night(23), date_price: 1 }] }).success).toBe(
      true,
    );
    const bad = { ...ids, status: 3 };
    const result = statusRequestSchema.safeParse(bad);
    expect(result.success ? undefined : describeIssue(result.error, bad)).toBe('status: must be 0 (unpaid) or 1 (paid)');
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
