/** The price check of SPEC §5: what a stay should cost by its nightly prices. */
import { nightsBetween } from './dates.js';

/** A room type's price for a night in fen, or undefined when that night has none. */
export type PriceOf = (night: string) => number | undefined;

/**
 * The expected total in fen (nights' prices × rooms), or undefined when the room type has no nightly prices
 * at all. A night with no price makes the total unknowable: null.
 * @example expectedTotal((night) => (night === '20261224' ? 78800 : 58800), '20261223', '20261225', 1) // 137600
 */
export function expectedTotal(
  priceOf: PriceOf | undefined,
  checkIn: string,
  checkOut: string,
  rooms: number,
): number | null | undefined {
  if (priceOf === undefined) return undefined;
  let sum = 0;
  for (const night of nightsBetween(checkIn, checkOut)) {
    const price = priceOf(night);
    if (price === undefined) return null;
    sum += price;
  }
  return sum * rooms;
}

/** Whether a total differs from what its nights cost (none is expected when the room type has no prices). */
export function priceDiffers(expected: number | null | undefined, total: number): boolean {
  return expected !== undefined && expected !== total;
}
