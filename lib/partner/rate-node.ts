/** The parts of a partner `RoomType` and `RateInfo` every answer shares (reference §2.5, §2.6). */
import type { CatalogEntry } from '../catalog/catalog.js';
import type { RatePlan } from '../catalog/plans.js';
import { dashedYmd } from '../orders/index.js';
import { yuan } from './money.js';

/** The one currency our fen are in. */
export const CURRENCY = 'CNY';

/** `CancelPolicyInfos` of a refundable rate, and nothing for a rate that is not (reference §2.6: else an error). */
export function cancelPolicies(entry: CatalogEntry, rate: RatePlan) {
  const { hotel } = entry;
  if (!rate.refundable) return {};
  return {
    CancelPolicyInfos: {
      CancelPolicyInfo: (rate.cancelPolicies ?? []).map((policy) => ({
        CancelTime: policy.cancelTime,
        StartWindowHours: policy.startWindowHours,
        ...(policy.nightCount === undefined ? { Amount: yuan(policy.amount ?? 0) } : { NightCount: policy.nightCount }),
        TimeZone: hotel.timeZone,
        CurrencyCode: CURRENCY,
      })),
    },
  };
}

/** Board and payment type as the rate has them. */
export function boardOf(rate: RatePlan) {
  return { Board: { BoardCode: rate.board.code, BoardCount: rate.board.count }, PaymentType: rate.paymentType };
}

/** A `RoomType`'s own fields, before its `RateInfos`. */
export function roomTypeFields(entry: CatalogEntry) {
  const { roomType } = entry;
  return {
    RoomTypeCode: roomType.spuExtId,
    RoomTypeName: roomType.name,
    RoomTypeEnglishName: roomType.englishName,
    MaxRoomOccupancy: roomType.maxOccupancy,
  };
}

/** A `RateInfo`'s names, after its `RateKey`. */
export function rateNames(rate: RatePlan) {
  return { RateCode: rate.code, RateName: rate.name, RateEnglishName: rate.englishName };
}

/** A `Hotel` node's own fields, the stay's dates (yyyyMMdd) included, before what it says of the rooms. */
export function hotelFields(entry: CatalogEntry, checkIn: string, checkOut: string) {
  const { hotel } = entry;
  return {
    Name: hotel.name,
    EnglishName: hotel.englishName,
    Address: hotel.address,
    CityCode: hotel.cityCode,
    HotelCode: hotel.hotelCode,
    CheckIn: dashedYmd(checkIn),
    CheckOut: dashedYmd(checkOut),
  };
}
