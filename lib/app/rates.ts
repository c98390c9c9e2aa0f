/**
 * A room type's nightly prices (SPEC §5), kept per night in the table beside its allotment, seeded from the
 * catalog's `nightlyPrices` at load and changed by an operator (`ops rates set`). Every reader uses the same
 * numbers: Douyin's commit check, Douyin's pull of price and stock, the partner's quotes and DailyInfo.
 */
import type { CatalogEntry } from '../catalog/catalog.js';
import type { Rate } from '../catalog/schema.js';
import { type Booking, expectedTotal, nightsBetween, type PriceOf, priceDiffers } from '../orders/index.js';
import type { StoredNight } from '../store/ports.js';
import { stores } from '../store/stores.js';
import { type NightStock, stockFrom } from './stock.js';

/** The catalog's own price of a night: the named night's, or the default. */
function catalogPrice(rate: Rate, night: string): number | undefined {
  return rate.nightlyPrices?.[night] ?? rate.nightlyPrices?.default;
}

/** A night's price: its own in the table (an operator's or the last load's), else the catalog's default. */
export function priceFrom(rate: Rate, stored: Map<string, StoredNight>): PriceOf {
  return (night) => stored.get(night)?.price ?? catalogPrice(rate, night);
}

/** The stored nights from `first` to `last` night (inclusive), read consistently. */
export async function storedNights(spuExtId: string, nights: string[]): Promise<Map<string, StoredNight>> {
  const [first, last] = [nights[0], nights.at(-1)];
  if (first === undefined || last === undefined) return new Map();
  return stores().nights.read(spuExtId, { first, last });
}

/**
 * A room type's nights over a stay or a range, in one consistent query: each night's price in fen (undefined:
 * not sold) and, for a room type sold from its own allotment, its stock. Quotes, pulls and inquiries read here.
 * @example const { prices, stock } = await roomNights(entry, nightsBetween('20261224', '20261226'))
 */
export async function roomNights(
  entry: CatalogEntry,
  nights: string[],
): Promise<{ prices: (number | undefined)[]; stock?: NightStock[] }> {
  const { rate, spuExtId, inventory } = entry.roomType;
  const stored = await storedNights(spuExtId, nights);
  const prices = nights.map(priceFrom(rate, stored));
  return inventory === undefined ? { prices } : { prices, stock: stockFrom(stored, nights, inventory) };
}

/** A stay priced for its rooms from one read: each night's price, the total, and the stock where there is one. */
export interface PricedStay {
  nights: string[];
  prices: number[];
  /** Every night's price × the rooms. */
  totalFen: number;
  stock?: NightStock[];
}

/**
 * Prices a stay of `rooms` rooms, live, for every channel's quote and booking; or names the first night with
 * no price (that night is not sold).
 * @example const priced = await priceStay(entry, nightsBetween(checkIn, checkOut), 2)
 */
export async function priceStay(
  entry: CatalogEntry,
  nights: string[],
  rooms: number,
): Promise<PricedStay | { unpriced: string }> {
  const { prices, stock } = await roomNights(entry, nights);
  const unpriced = nights.find((_, index) => prices[index] === undefined);
  if (unpriced !== undefined) return { unpriced };
  const nightly = prices as number[];
  const totalFen = nightly.reduce((sum, price) => sum + price, 0) * rooms;
  return stock === undefined ? { nights, prices: nightly, totalFen } : { nights, prices: nightly, totalFen, stock };
}

/**
 * Whether a booking's total differs from what its nights cost now. A room type priced nowhere (neither in the
 * catalog nor in the table for these nights) expects no total; one priced but missing a night's price cannot
 * be priced, which counts as a change.
 */
export async function priceChanged(entry: CatalogEntry | undefined, booking: Booking): Promise<boolean> {
  if (entry === undefined) return false;
  const nights = nightsBetween(booking.checkIn, booking.checkOut);
  const stored = await storedNights(entry.roomType.spuExtId, nights);
  const priced =
    entry.roomType.rate.nightlyPrices !== undefined || [...stored.values()].some((night) => night.price !== undefined);
  const priceOf = priced ? priceFrom(entry.roomType.rate, stored) : undefined;
  return priceDiffers(expectedTotal(priceOf, booking.checkIn, booking.checkOut, booking.reserveAmount), booking.totalPrice);
}

/**
 * Seeds a room type's prices from the catalog, as a load must: every night the catalog names takes its price,
 * and every other night loses a price of its own, so the catalog's default stands for it again.
 */
export async function seedPrices(spuExtId: string, rate: Rate): Promise<void> {
  const stored = await stores().nights.read(spuExtId);
  const named = new Map(Object.entries(rate.nightlyPrices ?? {}).filter(([key]) => key !== 'default'));
  const priced = [...stored.values()].filter((night) => night.price !== undefined).map((night) => night.night);
  for (const night of [...new Set([...named.keys(), ...priced])].sort()) {
    const price = named.get(night);
    if (stored.get(night)?.price !== price) await stores().nights.setPrice(spuExtId, night, price);
  }
}
