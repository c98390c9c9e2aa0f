/** Douyin hotel SPI request bodies (seeds 000, 001): the single source of their wire types. */
import * as z from 'zod/mini';
import { nightsBetween, parseYmd } from '../orders/dates.js';

const id = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(64, 'must be at most 64 characters'));
const ymd = z.string().check(z.refine((value) => parseYmd(value) !== undefined, 'must be a real date as yyyyMMdd'));
const integer = z.multipleOf(1, 'must be an integer');
const fen = z.number().check(integer, z.gte(0, 'must be ≥ 0'), z.lte(Number.MAX_SAFE_INTEGER));
const paidFlag = z.union([z.literal(0), z.literal(1)], { error: 'must be 0 (unpaid) or 1 (paid)' });
const text = (max: number) => z.optional(z.string().check(z.maxLength(max)));

const datePriceSchema = z.looseObject({ date: ymd, date_price: fen });

export const commitRequestSchema = z
  .looseObject({
    order_id: id,
    spu_ext_id: id,
    supplier_ext_id: z.optional(id),
    status: paidFlag,
    reserve_amount: z.number().check(integer, z.gte(1, 'must be ≥ 1'), z.lte(99, 'must be ≤ 99')),
    customer_name: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(128)),
    customer_phone: z.pipe(
      z.pipe(
        z.union([z.string(), z.number().check(integer, z.nonnegative())], { error: 'must be a string or a number' }),
        z.transform((phone) => String(phone).trim()),
      ),
      z.string().check(z.regex(/^\+?[\d\- ]{3,32}$/, 'must be a phone number')),
    ),
    check_in: ymd,
    check_out: ymd,
    total_price: fen,
    remark: text(2000),
    customer_list: z.optional(
      z.array(z.looseObject({ surname: text(64), given_name: text(64), cn_name: text(64) })).check(z.maxLength(99)),
    ),
    date_price: z.optional(z.array(datePriceSchema).check(z.maxLength(90))),
  })
  .check(
    z.superRefine((body, ctx) => {
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
    }),
  );

export const cancelRequestSchema = z.looseObject({
  supplier_ext_id: id,
  order_id: id,
  order_ext_id: id,
  order_status: paidFlag,
  date_price: z.optional(z.array(datePriceSchema).check(z.maxLength(90))),
});

export const statusRequestSchema = z.looseObject({
  supplier_ext_id: id,
  order_id: id,
  order_ext_id: id,
  status: paidFlag,
});

export type CommitRequest = z.output<typeof commitRequestSchema>;
export type CancelRequest = z.output<typeof cancelRequestSchema>;
export type StatusRequest = z.output<typeof statusRequestSchema>;
