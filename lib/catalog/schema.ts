/**
 * The catalog's wire format (SPEC §5): hotels and their room types, as the partners need them. Strict on
 * ids, prices and what the partners are told; liberal on how a supplier writes the rest (a currency in
 * lower case, a national code with its "+", an AX price as a JSON number), normalised to one form here.
 */
import * as z from 'zod/mini';

const count = (min: number) => z.number().check(z.multipleOf(1, 'must be an integer'), z.gte(min));
const fen = count(0);
const text = z.string().check(z.minLength(1));
const yyyymmdd = /^\d{8}$/;

const cancelPolicySchema = z
  .object({
    cancelTime: z.string().check(z.regex(/^\d{2}:\d{2}(:\d{2})?$/, 'must be HH:mm')),
    startWindowHours: count(0),
    nightCount: z.optional(count(0)),
    amount: z.optional(fen),
  })
  .check(
    z.refine((policy) => (policy.nightCount === undefined) !== (policy.amount === undefined), {
      message: 'needs exactly one of nightCount or amount',
    }),
  );

/** What a rate and a rate plan both say: names, payment, board, refundability and policies, prices. */
const rateFields = {
  name: text,
  englishName: text,
  paymentType: z.union([z.literal(1), z.literal(5)]),
  refundable: z.boolean(),
  board: z.object({ code: text, count: count(0) }),
  cancelPolicies: z.optional(z.array(cancelPolicySchema)),
  comments: z._default(z.array(z.string()), []),
  nightlyPrices: z.optional(
    z.record(z.string().check(z.refine((key) => key === 'default' || yyyymmdd.test(key), 'keys are yyyyMMdd or default')), fen),
  ),
};

/** Cancel policies exactly when refundable. */
const policiesMatchRefundable = z.superRefine((rate: { refundable: boolean; cancelPolicies?: unknown[] | undefined }, ctx) => {
  const hasPolicies = (rate.cancelPolicies?.length ?? 0) > 0;
  if (rate.refundable && !hasPolicies) {
    ctx.addIssue({ code: 'custom', path: ['cancelPolicies'], message: 'required when refundable is true' });
  }
  if (!rate.refundable && hasPolicies) {
    ctx.addIssue({ code: 'custom', path: ['cancelPolicies'], message: 'must be absent when refundable is false' });
  }
});

/** The single rate of a room type before rate plans (SPEC §5): still loads, as one rate plan. */
const rateSchema = z.object({ rateCode: text, ...rateFields }).check(policiesMatchRefundable);

/** A percentage with at most two decimals, above −100 (a price never goes to nothing or below). */
const percent = z.number().check(
  z.refine((value) => Number.isFinite(value) && Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, 'at most two decimals'),
  z.gt(-100),
  z.lte(1000),
);
const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm'));

/** A rate plan's stay rules (SPEC §5b): its defaults in the catalog, one night's in an override. */
const rulesShape = {
  closed: z.optional(z.boolean()),
  closedToArrival: z.optional(z.boolean()),
  closedToDeparture: z.optional(z.boolean()),
  minStay: z.optional(count(1)),
  maxStay: z.optional(count(1)),
  minAdvanceDays: z.optional(count(0)),
  maxAdvanceDays: z.optional(count(0)),
  cutoffTime: z.optional(hhmm),
  closedFor: z.optional(z.array(text)),
};
const rulesSchema = z.object(rulesShape).check(
  z.refine((rules) => rules.minStay === undefined || rules.maxStay === undefined || rules.minStay <= rules.maxStay, {
    message: 'minStay must not be above maxStay',
    path: ['minStay'],
  }),
);

/** How a rate plan is sold on one channel: its id there, its markup, or not at all. */
const planChannelSchema = z.object({
  /** Douyin's legacy SPI: the `spu_ext_id` this plan is sold as. */
  spuExtId: z.optional(text),
  /** Douyin's calendar-room family: the `rate_plan_id`, digits. */
  ratePlanId: z.optional(z.string().check(z.regex(/^\d{1,27}$/, 'must be digits'))),
  markupPercent: z.optional(percent),
  sell: z.optional(z.boolean()),
});

const derivationSchema = z.union([
  z.object({ ratePlan: text, percent }),
  z.object({ ratePlan: text, amount: z.number().check(z.multipleOf(1, 'must be an integer')) }),
]);

const ratePlanSchema = z
  .object({
    code: text,
    ...rateFields,
    derivedFrom: z.optional(derivationSchema),
    rules: z.optional(rulesSchema),
    channels: z._default(z.record(z.string(), planChannelSchema), {}),
  })
  .check(
    policiesMatchRefundable,
    z.refine((plan) => plan.derivedFrom === undefined || plan.nightlyPrices === undefined, {
      message: 'a derived plan has no prices of its own',
      path: ['nightlyPrices'],
    }),
  );

/** Upper-cases a string before `schema` checks it: "krw" is KRW. */
const upper = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.transform((value: unknown) => (typeof value === 'string' ? value.toUpperCase() : value)),
    schema,
  );

const axMappingSchema = z.object({
  channelProductMappingCode: text,
  optionCode: text,
  currency: upper(z.enum(['KRW', 'USD'])),
  // AX takes amounts as decimal strings; a supplier may write 120000 or 12.5 as a JSON number. The text of
  // the number is kept exactly, and anything beyond five decimals is refused as before.
  unitSellingPrice: z.pipe(
    z.pipe(
      z.union([z.string(), z.number()], { error: 'must be a decimal string or number' }),
      z.transform((value) => String(value)),
    ),
    z.string().check(z.regex(/^\d+(\.\d{1,5})?$/, 'must be a non-negative decimal with at most 5 places')),
  ),
  nationalCode: z.pipe(
    z.pipe(
      z.string(),
      z.transform((code) => code.replace(/^\+/, '')),
    ),
    z.string().check(z.regex(/^\d{1,4}$/, 'must be 1–4 digits, with or without "+"')),
  ),
  contactEmail: z.email(),
});

/**
 * Rooms sellable per night from our own allotment (SPEC §5): `{"default": n, "yyyyMMdd": n}`, 0 closes a
 * night (stop-sell). Absent, the room type is unmanaged: every night is available.
 */
const inventorySchema = z
  .record(z.string().check(z.refine((key) => key === 'default' || yyyymmdd.test(key), 'keys are yyyyMMdd or default')), count(0))
  .check(z.refine((inventory) => inventory.default !== undefined, { message: 'needs a default', path: ['default'] }));

const roomTypeSchema = z
  .object({
    spuExtId: text,
    name: text,
    englishName: text,
    maxOccupancy: count(1),
    inventory: z.optional(inventorySchema),
    /** The single rate of a catalog written before rate plans; exactly one of `rate` and `ratePlans`. */
    rate: z.optional(rateSchema),
    ratePlans: z.optional(z.array(ratePlanSchema).check(z.minLength(1))),
    ax: z.optional(axMappingSchema),
  })
  .check(
    z.refine((roomType) => (roomType.rate === undefined) !== (roomType.ratePlans === undefined), {
      message: 'needs exactly one of rate or ratePlans',
      path: ['ratePlans'],
    }),
  );

const hotelSchema = z.object({
  supplierExtId: text,
  hotelCode: text,
  douyinPoiId: z.optional(text),
  /** Douyin's `hotel_id` in the calendar-room family (digits): its pulls name the hotel by it. */
  douyinHotelId: z.optional(z.string().check(z.regex(/^\d{1,27}$/, 'must be digits'))),
  name: text,
  englishName: text,
  address: text,
  cityCode: text,
  timeZone: z.string().check(z.regex(/^[+-]\d{2}:\d{2}$/, 'must be like +09:00')),
  currency: upper(z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY'))),
  roomTypes: z.array(roomTypeSchema).check(z.minLength(1)),
});

export const catalogSchema = z.object({ hotels: z.array(hotelSchema).check(z.minLength(1)) });

export type Catalog = z.output<typeof catalogSchema>;
export type Hotel = z.output<typeof hotelSchema>;
export type RoomType = z.output<typeof roomTypeSchema>;
export type RatePlanInput = z.output<typeof ratePlanSchema>;
export type PlanChannel = z.output<typeof planChannelSchema>;
export type AxMapping = z.output<typeof axMappingSchema>;
export type Inventory = z.output<typeof inventorySchema>;
