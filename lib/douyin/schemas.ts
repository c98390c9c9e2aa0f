/**
 * Douyin hotel SPI request bodies (seeds 000, 001): the single source of their wire types.
 *
 * Strict on what decides the booking or its money (ids, dates, amounts, the room type, the paid flag) and
 * liberal on the rest (SPEC §2), because the official SDKs disagree (reference/douyin.md §7) and a refused
 * commit is a lost sale: contact fields and free text are kept as sent within size limits, a phone is any
 * text (masked and virtual numbers included) or a number (Go's int64), and an optional field sent as null
 * counts as absent.
 */
import * as z from 'zod/mini';
import { MAX_STAY_NIGHTS, nightsBetween, parseYmd } from '../orders/index.js';

const id = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(64, 'must be at most 64 characters'));
const ymd = z.string().check(z.refine((value) => parseYmd(value) !== undefined, 'must be a real date as yyyyMMdd'));
const integer = z.multipleOf(1, 'must be an integer');
const fen = z.number().check(integer, z.gte(0, 'must be ≥ 0'), z.lte(Number.MAX_SAFE_INTEGER));
const paidFlag = z.union([z.literal(0), z.literal(1)], { error: 'must be 0 (unpaid) or 1 (paid)' });
/** An optional field: absent, or null as some clients write an unset field. */
const optional = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.optional(z.nullable(schema)),
    z.transform((value) => (value === null ? undefined : value) as Exclude<z.output<T>, null> | undefined),
  );
const text = (max: number) => optional(z.string().check(z.maxLength(max, `must be at most ${max} characters`)));

const datePriceSchema = z.looseObject({ date: ymd, date_price: fen });

export const commitRequestSchema = z
  .looseObject({
    order_id: id,
    spu_ext_id: id,
    // In no SDK's commit body; checked against the room type's hotel when a client sends it.
    supplier_ext_id: optional(id),
    status: paidFlag,
    reserve_amount: z.number().check(integer, z.gte(1, 'must be ≥ 1'), z.lte(99, 'must be ≤ 99')),
    customer_name: z.string().check(z.maxLength(128, 'must be at most 128 characters')),
    customer_phone: z.pipe(
      z.pipe(
        z.union([z.string(), z.number()], { error: 'must be a string or a number' }),
        z.transform((phone) => String(phone)),
      ),
      z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(64, 'must be at most 64 characters')),
    ),
    check_in: ymd,
    check_out: ymd,
    total_price: fen,
    remark: text(2000),
    customer_list: optional(
      z.array(z.looseObject({ surname: text(64), given_name: text(64), cn_name: text(64) })).check(z.maxLength(99)),
    ),
    date_price: optional(z.array(datePriceSchema).check(z.maxLength(MAX_STAY_NIGHTS))),
  })
  .check(
    z.superRefine((body, ctx) => {
      const nights = nightsBetween(body.check_in, body.check_out);
      if (nights.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['check_out'], message: 'must be after check_in' });
        return;
      }
      if (nights.length > MAX_STAY_NIGHTS) {
        ctx.addIssue({ code: 'custom', path: ['check_out'], message: `stay must be at most ${MAX_STAY_NIGHTS} nights` });
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
  // Python's SDK has no order_status: the stored order knows whether it was paid.
  order_status: optional(paidFlag),
  date_price: optional(z.array(datePriceSchema).check(z.maxLength(MAX_STAY_NIGHTS))),
});

export const statusRequestSchema = z.looseObject({
  supplier_ext_id: id,
  order_id: id,
  order_ext_id: id,
  status: paidFlag,
  // Go's SDK sends the nights' prices with the payment notice too; accepted, and the commit's prices stand.
  date_price: optional(z.array(datePriceSchema).check(z.maxLength(MAX_STAY_NIGHTS))),
});

export type CommitRequest = z.output<typeof commitRequestSchema>;
export type CancelRequest = z.output<typeof cancelRequestSchema>;
export type StatusRequest = z.output<typeof statusRequestSchema>;
