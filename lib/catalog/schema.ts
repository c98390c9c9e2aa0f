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

const rateSchema = z
  .object({
    rateCode: text,
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
  })
  .check(
    z.superRefine((rate, ctx) => {
      const hasPolicies = (rate.cancelPolicies?.length ?? 0) > 0;
      if (rate.refundable && !hasPolicies) {
        ctx.addIssue({ code: 'custom', path: ['cancelPolicies'], message: 'required when refundable is true' });
      }
      if (!rate.refundable && hasPolicies) {
        ctx.addIssue({ code: 'custom', path: ['cancelPolicies'], message: 'must be absent when refundable is false' });
      }
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

const roomTypeSchema = z.object({
  spuExtId: text,
  name: text,
  englishName: text,
  maxOccupancy: count(1),
  inventory: z.optional(inventorySchema),
  rate: rateSchema,
  ax: z.optional(axMappingSchema),
});

const hotelSchema = z.object({
  supplierExtId: text,
  hotelCode: text,
  douyinPoiId: z.optional(text),
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
export type Rate = z.output<typeof rateSchema>;
export type AxMapping = z.output<typeof axMappingSchema>;
export type Inventory = z.output<typeof inventorySchema>;
