/** What a stay costs by its room type's nightly prices (SPEC §5), for the price check of every channel. */
import type { CatalogEntry } from '../catalog/catalog.js';
import { type Booking, expectedTotal, priceDiffers } from '../orders/index.js';

/** Whether a booking's total differs from what its nights cost (none is expected when the rate has no prices). */
export async function priceChanged(entry: CatalogEntry | undefined, booking: Booking): Promise<boolean> {
  const prices = entry?.roomType.rate.nightlyPrices;
  const priceOf = prices === undefined ? undefined : (night: string) => prices[night] ?? prices.default;
  return priceDiffers(expectedTotal(priceOf, booking.checkIn, booking.checkOut, booking.reserveAmount), booking.totalPrice);
}
