/**
 * Prices and rules of a room type's rate plans (SPEC §5, §5b), read live: each plan's night is its override in
 * the table (from the API, `ops` or the console) over the catalog's default; a derived plan follows its
 * parent; a channel sells at the plan's price with its own markup. Every reader uses these: Douyin's commit
 * check and pull, the partner's quotes and DailyInfo. One read of the room type's nights serves every plan.
 */
import type { CatalogEntry } from '../catalog/catalog.js';
import { catalogPrice, defaultRules, markupOf, planOf, plansOf, type RatePlan } from '../catalog/plans.js';
import type { RoomType } from '../catalog/schema.js';
import {
  type Booking,
  channelPrice,
  derivedPrice,
  expectedTotal,
  formatYmd,
  hotelClock,
  type NightRules,
  nightsBetween,
  parseYmd,
  priceDiffers,
  RULE_FIELDS,
  type RuleRefusal,
  refusal,
} from '../orders/index.js';
import type { StoredNight } from '../store/ports.js';
import { stores } from '../store/stores.js';
import { type NightStock, stockFrom } from './stock.js';

/** The stored nights from `first` to `last` night (inclusive), read consistently: one query. */
export async function storedNights(spuExtId: string, first: string, last: string): Promise<Map<string, StoredNight>> {
  return stores().nights.read(spuExtId, { first, last });
}

/** The date after a stay's last night (yyyyMMdd). */
export const dayAfter = (night: string) => formatYmd(new Date((parseYmd(night) as Date).getTime() + 86_400_000));

/**
 * A plan's own price on a night, before any channel's markup: its override, else the catalog's; a derived
 * plan's is its parent's with the derivation applied. Undefined: the night is not sold on this plan.
 */
export function planPrice(
  roomType: RoomType,
  plan: RatePlan,
  night: string,
  stored: Map<string, StoredNight>,
): number | undefined {
  const { derivedFrom } = plan;
  if (derivedFrom !== undefined) {
    const parent = planOf(roomType, derivedFrom.ratePlan);
    return parent === undefined ? undefined : derivedPrice(planPrice(roomType, parent, night, stored), derivedFrom);
  }
  return stored.get(night)?.plans[plan.code]?.price ?? catalogPrice(plan, night);
}

/** The price a channel sells a plan's night at: the plan's, with the channel's markup (one set since the load first). */
export function sellingPrice(
  entry: CatalogEntry,
  plan: RatePlan,
  channel: string,
  night: string,
  stored: Map<string, StoredNight>,
): number | undefined {
  return channelPrice(planPrice(entry.roomType, plan, night, stored), markupOf(plan, channel, entry.markups));
}

/** The rules in force on a plan's night: the night's overrides over the plan's defaults. */
function rulesOn(plan: RatePlan, night: string, stored: Map<string, StoredNight>): NightRules {
  const override = stored.get(night)?.plans[plan.code];
  const rules: NightRules = { ...defaultRules(plan) };
  if (override === undefined) return rules;
  for (const field of RULE_FIELDS) {
    if (override[field] !== undefined) Object.assign(rules, { [field]: override[field] });
  }
  return rules;
}

/** Whether the plan's night is closed to the channel (closed, or `closedFor` naming it). */
export function closedTo(plan: RatePlan, channel: string, night: string, stored: Map<string, StoredNight>): boolean {
  const rules = rulesOn(plan, night, stored);
  return rules.closed === true || rules.closedFor?.includes(channel) === true;
}

/** A stay priced for its rooms on one plan and channel: each night's price, the total, and the stock where there is one. */
interface PricedStay {
  nights: string[];
  prices: number[];
  /** Every night's price × the rooms. */
  totalFen: number;
  stock?: NightStock[];
}

export type StayQuote = PricedStay | { unpriced: string } | { refused: RuleRefusal };

/**
 * A stay on one plan for one channel, from nights already read (they must cover the departure date, which
 * `closedToDeparture` is read on): the first rule that refuses it, else the first night with no price, else
 * its prices, total and stock.
 */
function quoteStay(
  entry: CatalogEntry,
  plan: RatePlan,
  channel: string,
  nights: string[],
  rooms: number,
  stored: Map<string, StoredNight>,
  now = Date.now(),
): StayQuote {
  const { roomType, hotel } = entry;
  const [last] = nights.slice(-1);
  if (last === undefined) return { unpriced: '' };
  const refused = refusal({
    channel,
    nights,
    departure: dayAfter(last),
    rulesOn: (night) => rulesOn(plan, night, stored),
    ...hotelClock(hotel.timeZone, now),
  });
  if (refused !== undefined) return { refused };
  const prices = nights.map((night) => sellingPrice(entry, plan, channel, night, stored));
  const unpriced = nights.find((_, index) => prices[index] === undefined);
  if (unpriced !== undefined) return { unpriced };
  const nightly = prices as number[];
  const totalFen = nightly.reduce((sum, price) => sum + price, 0) * rooms;
  const { inventory } = roomType;
  return inventory === undefined
    ? { nights, prices: nightly, totalFen }
    : { nights, prices: nightly, totalFen, stock: stockFrom(stored, nights, inventory) };
}

/**
 * A room type's nights for a stay, read once (through the departure date), and the stay quoted on every one
 * of `plans` for the channel.
 * @example const [quote] = await quotePlans(entry, [plan], 'partner', nightsBetween(checkIn, checkOut), 2)
 */
export async function quotePlans(
  entry: CatalogEntry,
  plans: readonly RatePlan[],
  channel: string,
  nights: string[],
  rooms: number,
): Promise<StayQuote[]> {
  const [first, last] = [nights[0], nights.at(-1)];
  if (first === undefined || last === undefined) return plans.map(() => ({ unpriced: '' }));
  const stored = await storedNights(entry.roomType.spuExtId, first, dayAfter(last));
  return plans.map((plan) => quoteStay(entry, plan, channel, nights, rooms, stored));
}

/**
 * A booking as a channel sends it, against its plan's rules and prices from one read of its nights (through
 * the departure date): the first rule that refuses it, and whether its total differs from what the nights
 * cost the channel now (see `priceChanged`; only asked for a paid booking).
 */
export async function assessBooking(
  entry: CatalogEntry,
  plan: RatePlan,
  channel: string,
  booking: Booking,
  options: { price: boolean; now?: number },
): Promise<{ refused?: RuleRefusal; priceChanged: boolean }> {
  const nights = nightsBetween(booking.checkIn, booking.checkOut);
  const [first, last] = [nights[0], nights.at(-1)];
  if (first === undefined || last === undefined) return { priceChanged: false };
  const { roomType, hotel } = entry;
  const stored = await storedNights(roomType.spuExtId, first, dayAfter(last));
  const refused = refusal({
    channel,
    nights,
    departure: dayAfter(last),
    rulesOn: (night) => rulesOn(plan, night, stored),
    ...hotelClock(hotel.timeZone, options.now ?? Date.now()),
  });
  const changed = options.price && differs(entry, plan, channel, booking, stored);
  return refused === undefined ? { priceChanged: changed } : { refused, priceChanged: changed };
}

/** Whether the booking's total differs from its nights' price on the channel (see `priceChanged`). */
function differs(
  entry: CatalogEntry,
  plan: RatePlan,
  channel: string,
  booking: Booking,
  stored: Map<string, StoredNight>,
): boolean {
  const { roomType } = entry;
  const nights = nightsBetween(booking.checkIn, booking.checkOut);
  const priced = catalogPriced(roomType, plan) || nights.some((night) => planPrice(roomType, plan, night, stored) !== undefined);
  const priceOf = priced ? (night: string) => sellingPrice(entry, plan, channel, night, stored) : undefined;
  return priceDiffers(expectedTotal(priceOf, booking.checkIn, booking.checkOut, booking.reserveAmount), booking.totalPrice);
}

/** Whether the catalog prices the plan at all (a derived plan: its root parent). */
function catalogPriced(roomType: RoomType, plan: RatePlan): boolean {
  const parent = plan.derivedFrom === undefined ? undefined : planOf(roomType, plan.derivedFrom.ratePlan);
  return parent === undefined ? plan.nightlyPrices !== undefined : catalogPriced(roomType, parent);
}

/**
 * Whether a booking's total differs from what its nights cost now on its plan and channel. A plan priced
 * nowhere (neither in the catalog nor in the table for these nights) expects no total; one priced but missing
 * a night's price cannot be priced, which counts as a change.
 */
export async function priceChanged(entry: CatalogEntry | undefined, booking: Booking, channel: string): Promise<boolean> {
  if (entry === undefined) return false;
  const { roomType } = entry;
  const plan = (booking.rateCode === undefined ? undefined : planOf(roomType, booking.rateCode)) ?? plansOf(roomType)[0];
  if (plan === undefined) return false;
  const nights = nightsBetween(booking.checkIn, booking.checkOut);
  const [first, last] = [nights[0], nights.at(-1)];
  if (first === undefined || last === undefined) return false;
  return differs(entry, plan, channel, booking, await storedNights(roomType.spuExtId, first, last));
}
