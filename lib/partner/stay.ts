/**
 * What a partner request names, checked against the catalog: the hotel, the room type and rate (each unknown
 * code its own `*_INVALID`, so the partner stops asking for it), and a stay that can be sold at all. Shared by
 * the quotes and CreateOrder.
 */

import type { CatalogEntry } from '../catalog/catalog.js';
import { plansOf, type RatePlan, sellsOn } from '../catalog/plans.js';
import { dashedYmd, hotelClock, MAX_STAY_NIGHTS, nightsBetween } from '../orders/index.js';
import { stores } from '../store/stores.js';
import { PARTNER } from './channel.js';
import { PartnerCode, PartnerError } from './errors.js';

/** Refuses a stay that cannot be sold at all: check-out not after check-in, more than MAX_STAY_NIGHTS, or a check-in already past. */
export function checkStay(entry: CatalogEntry, checkIn: string, checkOut: string, now = Date.now()): void {
  const nights = nightsBetween(checkIn, checkOut).length;
  if (nights === 0) throw new PartnerError(PartnerCode.InvalidRequest, 'CheckOut: must be after CheckIn');
  if (nights > MAX_STAY_NIGHTS) throw new PartnerError(PartnerCode.NoInventory, `stays are sold up to ${MAX_STAY_NIGHTS} nights`);
  if (checkIn < hotelClock(entry.hotel.timeZone, now).today)
    throw new PartnerError(PartnerCode.NoInventory, `CheckIn ${dashedYmd(checkIn)} has passed at the hotel`);
}

/** The hotel's room types, or HOTEL_INVALID: a code that is not ours is never queried again by the partner. */
export async function hotelEntries(hotelCode: string): Promise<CatalogEntry[]> {
  const entries = (await stores().catalog.entries()).filter((entry) => entry.hotel.hotelCode === hotelCode);
  if (entries.length === 0) throw new PartnerError(PartnerCode.HotelInvalid, `HotelCode ${hotelCode} is not ours`);
  return entries;
}

/** The rate plans of a room type the partner is sold. */
export const partnerPlans = (entry: CatalogEntry): RatePlan[] => plansOf(entry.roomType).filter((plan) => sellsOn(plan, PARTNER));

/** The one rate a request names (a rate plan sold to the partner), or the `*_INVALID` that says which code is not ours. */
export async function namedRate(
  hotelCode: string,
  roomTypeCode: string,
  rateCode: string,
): Promise<{ entry: CatalogEntry; plan: RatePlan }> {
  const entries = await hotelEntries(hotelCode);
  const entry = entries.find((candidate) => candidate.roomType.spuExtId === roomTypeCode);
  if (entry === undefined)
    throw new PartnerError(PartnerCode.RoomTypeInvalid, `RoomTypeCode ${roomTypeCode} is not a room type of hotel ${hotelCode}`);
  const plan = partnerPlans(entry).find((candidate) => candidate.code === rateCode);
  if (plan === undefined) {
    throw new PartnerError(PartnerCode.RatePlanInvalid, `RateCode ${rateCode} is not a rate of room type ${roomTypeCode}`);
  }
  return { entry, plan };
}
