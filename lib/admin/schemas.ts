/** The admin API's request shapes (SPEC §5b): strict on what changes ARI, every field named in an error. */
import * as z from 'zod/mini';
import { WEEKDAYS } from '../app/ari.js';
import { CHANNEL_IDS } from '../channels/registry.js';
import { OrderStatus, parseDashed, StayStatus } from '../orders/index.js';

/** A night as yyyy-MM-dd, read as yyyyMMdd. */
const night = z.pipe(
  z.string().check(z.refine((text) => parseDashed(text) !== undefined, 'must be a real date as yyyy-MM-dd')),
  z.transform((text: string) => text.replaceAll('-', '')),
);
const count = (min: number) => z.number().check(z.multipleOf(1, 'must be an integer'), z.gte(min));
const clearable = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema));

/** What a change sets; an unknown field is refused, so a misspelt rule is never silently ignored. */
const setSchema = z.strictObject({
  allotment: z.optional(count(0)),
  price: clearable(count(0)),
  closed: clearable(z.boolean()),
  closedToArrival: clearable(z.boolean()),
  closedToDeparture: clearable(z.boolean()),
  minStay: clearable(count(1)),
  maxStay: clearable(count(1)),
  minAdvanceDays: clearable(count(0)),
  maxAdvanceDays: clearable(count(0)),
  cutoffTime: clearable(z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm'))),
  closedFor: clearable(z.array(z.string().check(z.minLength(1)))),
  /** The plan's markup per channel (percent, null back to the catalog's): plan-level, not per night. */
  markup: z.optional(z.record(z.string(), z.nullable(z.number()))),
});

const changeSchema = z.strictObject({
  roomType: z.string().check(z.minLength(1, 'is required')),
  ratePlan: z.optional(z.string().check(z.minLength(1))),
  from: night,
  to: night,
  days: z.optional(z.array(z.enum(WEEKDAYS)).check(z.minLength(1))),
  set: setSchema,
  force: z.optional(z.boolean()),
});

export const ariRequestSchema = z.object({
  changes: z.array(changeSchema).check(z.minLength(1, 'names no change'), z.maxLength(1000, 'at most 1000 changes')),
});

/** A range of nights in a query: `from` and `to` as yyyy-MM-dd, `to` exclusive. */
export const rangeQuerySchema = z.object({ from: night, to: night });

/** A night as yyyy-MM-dd, kept as written. */
const day = z.string().check(z.refine((text) => parseDashed(text) !== undefined, 'must be a real date as yyyy-MM-dd'));

/** The console's order list: any id, or filters and a page. */
export const ordersQuerySchema = z.object({
  q: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  channel: z.optional(z.enum(CHANNEL_IDS as [string, ...string[]])),
  status: z.optional(z.enum(Object.values(OrderStatus))),
  from: z.optional(day),
  to: z.optional(day),
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^[1-9]\d{0,2}$/, 'must be a number of orders from 1')),
      z.transform((text: string) => Number(text)),
    ),
  ),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

/** An action on one order, named by any of its ids. */
export const orderActionSchema = z.object({ order: z.string().check(z.minLength(1, 'is required'), z.maxLength(64)) });

/** `link-ax`: the order and the AX order made for it by hand. */
export const linkAxSchema = z.object({
  order: z.string().check(z.minLength(1, 'is required'), z.maxLength(64)),
  axOrderCode: z.string().check(z.regex(/^[\w-]{1,64}$/, 'must be an AX order code (letters, digits, - and _)')),
});

/** The stay as the hotel records it. */
export const staySchema = z.object({ status: z.enum(Object.values(StayStatus)) });

/** A person's decision on a cancel the channel left to the supplier. */
export const cancelDecisionSchema = z.object({
  cancelId: z.string().check(z.minLength(1, 'is required'), z.maxLength(64)),
  accept: z.boolean(),
  reason: z.optional(z.string().check(z.maxLength(512))),
});
