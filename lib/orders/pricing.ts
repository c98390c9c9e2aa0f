/** The price check of SPEC §5: what a stay should cost by the catalog's nightly prices. */
import type { Rate } from '../catalog/schema.js';
import { nightsBetween } from './dates.js';

/**
 * The expected total in fen (nights' prices × rooms), or undefined when the rate has no nightly prices.
 * A night with no price and no `default` makes the total unknowable: null.
 * @example expectedTotal(rate, '20261224', '20261226', 1) // 78800 + 78800
 */
export function expectedTotal(rate: Rate, checkIn: string, checkOut: string, rooms: number): number | null | undefined {
  const prices = rate.nightlyPrices;
  if (prices === undefined) return undefined;
  let sum = 0;
  for (const night of nightsBetween(checkIn, checkOut)) {
    const price = prices[night] ?? prices.default;
    if (price === undefined) return null;
    sum += price;
  }
  return sum * rooms;
}

/** The price of one night by the catalog, or undefined. */
export function nightlyPrice(rate: Rate, night: string): number | undefined {
  return rate.nightlyPrices?.[night] ?? rate.nightlyPrices?.default;
}
