/** Douyin hotel SPI request bodies (seeds 000, 001): the single source of their wire types. */
import * as z from 'zod';
import { nightsBetween, parseYmd } from '../orders/dates.js';

const id = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');
const ymd = z.string().refine((value) => parseYmd(value) !== undefined, 'must be a real date as yyyyMMdd');
const fen = z.number().int('must be an integer').min(0, 'must be ≥ 0').max(Number.MAX_SAFE_INTEGER);
const paidFlag = z.union([z.literal(0), z.literal(1)], { error: 'must be 0 (unpaid) or 1 (paid)' });

const datePriceSchema = z.object({ date: ymd, date_price: fen }).loose();

export const commitRequestSchema = z
  .object({
    order_id: id,
    spu_ext_id: id,
    supplier_ext_id: id.optional(),
    status: paidFlag,
    reserve_amount: z.number().int('must be an integer').min(1, 'must be ≥ 1').max(99, 'must be ≤ 99'),
    customer_name: z.string().trim().min(1, 'must not be empty').max(128),
    customer_phone: z
      .union([z.string(), z.number().int().nonnegative()], { error: 'must be a string or a number' })
      .transform((phone) => String(phone).trim())
      .pipe(z.string().regex(/^\+?[\d\- ]{3,32}$/, 'must be a phone number')),
    check_in: ymd,
    check_out: ymd,
    total_price: fen,
    remark: z.string().max(2000).optional(),
    customer_list: z
      .array(
        z
          .object({
            surname: z.string().max(64).optional(),
            given_name: z.string().max(64).optional(),
            cn_name: z.string().max(64).optional(),
          })
          .loose(),
      )
      .max(99)
      .optional(),
    date_price: z.array(datePriceSchema).max(90).optional(),
  })
  .loose()
  .superRefine((body, ctx) => {
    const nights = nightsBetween(body.check_in, body.check_out);
    if (nights.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['check_out'], message: 'must be after check_in' });
      return;
    }
    if (nights.length > 90) {
      ctx.addIssue({ code: 'custom', path: ['check_out'], message: 'stay must be at most 90 nights' });
      return;
    }
    if (body.date_price === undefined) return;
    const seen = new Set<string>();
    body.date_price.forEach((entry, index) => {
      if (!nights.includes(entry.date) || seen.has(entry.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['date_price', index, 'date'],
          message: seen.has(entry.date) ? 'appears twice' : 'must be a night inside [check_in, check_out)',
        });
      }
      seen.add(entry.date);
    });
    if (seen.size !== nights.length) {
      ctx.addIssue({ code: 'custom', path: ['date_price'], message: `must have one entry per night (${nights.length})` });
    }
  });

export const cancelRequestSchema = z
  .object({
    supplier_ext_id: id,
    order_id: id,
    order_ext_id: id,
    order_status: paidFlag,
    date_price: z.array(datePriceSchema).max(90).optional(),
  })
  .loose();

export const statusRequestSchema = z
  .object({
    supplier_ext_id: id,
    order_id: id,
    order_ext_id: id,
    status: paidFlag,
  })
  .loose();

export type CommitRequest = z.output<typeof commitRequestSchema>;
export type CancelRequest = z.output<typeof cancelRequestSchema>;
export type StatusRequest = z.output<typeof statusRequestSchema>;

/**
 * "date_price[1].date: must be …": the first zod issue with its wire path, for a description naming the
 * field; `input` (what was parsed) tells a missing field from one of the wrong type.
 */
export function describeIssue(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid body';
  const value = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], input);
  const path = issue.path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`),
    '',
  );
  const message =
    issue.code === 'invalid_type' && value === undefined ? 'is required' : issue.message.replace(/^Invalid input: /, '');
  return path === '' ? message : `${path}: ${message}`;
}
