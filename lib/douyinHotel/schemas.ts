/**
 * The calendar-room SPIs' request bodies (SPEC §11, reference douyin-calendar-room.md §3): strict on what
 * decides a booking or its money (ids as digit strings, never numbers; fen integers; yyyy-MM-dd dates; the
 * rate plan, the rooms) and liberal on the rest: unknown fields pass, free text is kept within size limits,
 * an optional field sent as null counts as absent.
 */
import * as z from 'zod/mini';
import { getConfig } from '../config/config.js';
import { MAX_STAY_NIGHTS, nightsBetween, parseDashed } from '../orders/index.js';

/** Douyin's ids: JSON strings of digits (16–27 in real traffic); a number would already have lost digits. */
const digits = (min = 1) =>
  z.string({ error: 'must be a string of digits' }).check(z.regex(new RegExp(`^\\d{${min},32}$`), `must be ${min} to 32 digits`));
/** A date as yyyy-MM-dd, read as yyyyMMdd. */
const day = z.pipe(
  z
    .string({ error: 'must be a date as yyyy-MM-dd' })
    .check(z.refine((text) => parseDashed(text) !== undefined, 'must be a real date as yyyy-MM-dd')),
  z.transform((text: string) => text.replaceAll('-', '')),
);
const integer = z.multipleOf(1, 'must be an integer');
const fen = z.number().check(integer, z.gte(0, 'must be ≥ 0'), z.lte(Number.MAX_SAFE_INTEGER));
const count = (max: number) => z.number().check(integer, z.gte(1, 'must be ≥ 1'), z.lte(max, `must be ≤ ${max}`));
const optional = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.optional(z.nullable(schema)),
    z.transform((value) => (value === null ? undefined : value) as Exclude<z.output<T>, null> | undefined),
  );
const text = (max: number) => optional(z.string().check(z.maxLength(max, `must be at most ${max} characters`)));

/** The fields whose problems are a date's (answered 5); any other problem is 13. */
export const DATE_FIELDS = new Set([
  'check_in_date',
  'check_out_date',
  'period_start_date',
  'period_end_date',
  'period_start_time',
  'period_end_time',
  'start',
  'end',
]);

/** An hourly room's time (钟点房): `yyyy-MM-dd hh:mm` on the calendar pages, `…:ss` on the presale ones (a setting). */
const hourlyTime = z.string().check(
  z.refine((text) => {
    const seconds = getConfig().douyinHotel.hourlyTime === 'hh:mm:ss';
    const match = (
      seconds ? /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/ : /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d$/
    ).exec(text);
    return match !== null && parseDashed(match[1] ?? '') !== undefined;
  }, 'must be a time as DOUYIN_HOTEL_HOURLY_TIME says (yyyy-MM-dd hh:mm, or hh:mm:ss)'),
);

const dailyRateSchema = z.looseObject({
  original_amount: fen,
  period_start_date: optional(day),
  period_end_date: optional(day),
  period_start_time: optional(hourlyTime),
  period_end_time: optional(hourlyTime),
});

/** A stay: arrival before departure, at most MAX_STAY_NIGHTS nights. */
const stayCheck = z.superRefine((body: { check_in_date: string; check_out_date: string }, ctx) => {
  const nights = nightsBetween(body.check_in_date, body.check_out_date, MAX_STAY_NIGHTS + 1);
  if (nights.length === 0) ctx.addIssue({ code: 'custom', path: ['check_out_date'], message: 'must be after check_in_date' });
  else if (nights.length > MAX_STAY_NIGHTS) {
    ctx.addIssue({ code: 'custom', path: ['check_out_date'], message: `a stay is at most ${MAX_STAY_NIGHTS} nights` });
  }
});

const stayFields = {
  rate_plan_id: digits(),
  biz_type: optional(z.number().check(integer)),
  check_in_date: day,
  check_out_date: day,
  number_of_units: count(99),
  number_of_guests: optional(count(99)),
  daily_rates: optional(z.array(dailyRateSchema).check(z.maxLength(MAX_STAY_NIGHTS * 99))),
  total_amount: optional(fen),
};

/** `hotel_spot.order.can_buy`: the stay to check (total and rooms as real traffic sends them). */
export const canBuySchema = z.looseObject({ ...stayFields }).check(stayCheck);
export type CanBuyRequest = z.output<typeof canBuySchema>;

const person = z.looseObject({ name: text(128), phone: optional(z.union([z.string(), z.number()])) });

/** The create-order SPI: the booking, paid (pay-then-create) unless the setting says create-then-pay. */
export const createOrderSchema = z
  .looseObject({
    order_id: digits(),
    hotel_id: optional(digits()),
    ...stayFields,
    number_of_units: count(99),
    total_amount: fen,
    daily_rates: z.array(dailyRateSchema).check(z.minLength(1, 'must list the nights'), z.maxLength(MAX_STAY_NIGHTS * 99)),
    contact_info: optional(person),
    occupancies: optional(z.array(person).check(z.maxLength(99))),
    remark_from_guest: text(2000),
    remark_from_douyin: text(2000),
  })
  .check(stayCheck);
export type CreateOrderRequest = z.output<typeof createOrderSchema>;

/** `hotel_spot.order.pay_notify`. */
export const payNotifySchema = z.looseObject({
  order_id: digits(),
  order_out_id: optional(z.string().check(z.maxLength(64))),
  pay_amount: optional(fen),
});
export type PayNotifyRequest = z.output<typeof payNotifySchema>;

/** `hotel_spot.order.cancel_apply`: `cancel_id` keys the cancellation. */
export const cancelSchema = z.looseObject({
  order_id: digits(),
  cancel_id: digits(),
  order_out_id: optional(z.string().check(z.maxLength(64))),
  cancel_type: z.number().check(integer, z.gte(1), z.lte(3)),
  need_audit: optional(z.boolean()),
  cancel_reason: text(512),
});
export type CancelRequest = z.output<typeof cancelSchema>;

/** `hotel_spot.order.refund_notify`: acknowledged and recorded, whatever else it says. */
export const refundNotifySchema = z.looseObject({
  order_id: digits(),
  order_out_id: optional(z.string().check(z.maxLength(64))),
});
export type RefundNotifyRequest = z.output<typeof refundNotifySchema>;

/** `hotel_spot.order.modify_order`: not public; only its order is read, for the record. */
export const modifyOrderSchema = z.looseObject({ order_id: optional(digits()) });
export type ModifyOrderRequest = z.output<typeof modifyOrderSchema>;

/** `hotel_spot.trip.hotel_ari_cron_pull`: both ends of `date_range` are nights, both included. */
export const ariPullSchema = z
  .looseObject({
    hotel_ids: optional(z.array(digits()).check(z.maxLength(100))),
    rate_plan_ids: optional(z.array(digits()).check(z.maxLength(100))),
    date_range: z.looseObject({ start: day, end: day }),
  })
  .check(
    z.superRefine((body, ctx) => {
      const nights = nightsBetween(body.date_range.start, body.date_range.end, 367);
      if (body.date_range.end < body.date_range.start) {
        ctx.addIssue({ code: 'custom', path: ['date_range', 'end'], message: 'must not be before start' });
      } else if (nights.length >= 366) {
        ctx.addIssue({ code: 'custom', path: ['date_range', 'end'], message: 'at most 366 nights' });
      }
      if ((body.hotel_ids ?? []).length === 0 && (body.rate_plan_ids ?? []).length === 0) {
        ctx.addIssue({ code: 'custom', path: ['hotel_ids'], message: 'hotel_ids or rate_plan_ids must name something' });
      }
    }),
  );
export type AriPullRequest = z.output<typeof ariPullSchema>;
