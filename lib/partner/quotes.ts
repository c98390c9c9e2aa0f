/**
 * The partner's quotes (SPEC §3b, reference §3, §4): HotelRooms offers every rate of a hotel that can host
 * every requested room on every night; RoomAvailability re-prices one rate. Both read price and allotment
 * live from the table (never a cache), and every rate offered carries a fresh RateKey. A quote holds nothing.
 */
import { quotePlans } from '../app/rates.js';
import { availableOf } from '../app/stock.js';
import type { CatalogEntry } from '../catalog/catalog.js';
import type { RatePlan } from '../catalog/plans.js';
import { logger } from '../observability/logger.js';
import { dashedYmd, nightsBetween } from '../orders/index.js';
import { PARTNER } from './channel.js';
import { PartnerCode, PartnerError } from './errors.js';
import { keySecrets } from './key-secrets.js';
import type { PartnerAnswer, PartnerInput } from './middleware.js';
import { yuan } from './money.js';
import { mintRateKey } from './rate-key.js';
import { boardOf, CURRENCY, cancelPolicies, hotelFields, rateNames, roomTypeFields } from './rate-node.js';
import type { HotelRoomsRequest, PaxRoom, RoomAvailabilityRequest } from './schema.js';
import { checkStay, hotelEntries, namedRate, partnerPlans } from './stay.js';

/** What `Allotment` says of a room type with no allotment of ours (every night available): plenty. */
const UNMANAGED_ALLOTMENT = 99;

/** A rate plan priced live for a stay and its rooms. */
interface Quote {
  entry: CatalogEntry;
  plan: RatePlan;
  nights: string[];
  /** Each night's price of one room on the partner, fen. */
  prices: number[];
  /** Every room, every night, fen. */
  totalFen: number;
  /** The smallest night's available rooms (room types with their own allotment). */
  allotment?: number;
}

/**
 * A room type's rate plans priced for these rooms from one read of its nights: the offers, and why each plan
 * that is not offered cannot be sold (a rule and its night, a night with no price, too few rooms, too many guests).
 */
async function quoteRoomType(
  entry: CatalogEntry,
  plans: readonly RatePlan[],
  checkIn: string,
  checkOut: string,
  rooms: readonly PaxRoom[],
): Promise<{ offers: Quote[]; unsellable: string[] }> {
  const { roomType } = entry;
  const crowded = rooms.find((room) => room.adults + room.children > roomType.maxOccupancy);
  if (crowded !== undefined) return { offers: [], unsellable: [`${roomType.spuExtId} sleeps at most ${roomType.maxOccupancy}`] };
  const nights = nightsBetween(checkIn, checkOut);
  const quotes = await quotePlans(entry, plans, PARTNER, nights, rooms.length);
  const offers: Quote[] = [];
  const unsellable: string[] = [];
  for (const [index, quoted] of quotes.entries()) {
    const plan = plans[index] as RatePlan;
    const named = `${roomType.spuExtId} ${plan.code}`;
    if ('refused' in quoted) unsellable.push(`${named}: ${quoted.refused.message}`);
    else if ('unpriced' in quoted) unsellable.push(`${named} has no price on ${dashedYmd(quoted.unpriced)}`);
    else {
      const short = quoted.stock?.find((night) => night.available < rooms.length);
      if (short !== undefined) {
        unsellable.push(`${roomType.spuExtId} has ${Math.max(0, short.available)} rooms left on ${dashedYmd(short.night)}`);
      } else {
        const allotment = quoted.stock === undefined ? undefined : availableOf(quoted.stock);
        offers.push({ entry, plan, nights, prices: quoted.prices, totalFen: quoted.totalFen, allotment });
      }
    }
  }
  return { offers, unsellable };
}

/** The secret that signs RateKeys (see keySecrets). */
async function signingSecret(): Promise<string> {
  return (await keySecrets())[0];
}

/** The stay a quote is for, as the request names it. */
interface Stay {
  hotelCode: string;
  checkIn: string;
  checkOut: string;
}

/** One `RateInfo`, as a quote offers a rate plan, with a fresh RateKey. */
function rateInfo(offer: Quote, rooms: readonly PaxRoom[], stay: Stay, secret: string, issuedAt: number) {
  const { entry, plan } = offer;
  const rateKey = mintRateKey(
    secret,
    {
      ...stay,
      roomTypeCode: entry.roomType.spuExtId,
      rateCode: plan.code,
      rooms: rooms.length,
      paymentType: plan.paymentType,
      currency: CURRENCY,
      totalFen: offer.totalFen,
    },
    issuedAt,
  );
  const total = yuan(offer.totalFen);
  return {
    RateKey: rateKey,
    ...rateNames(plan),
    Allotment: offer.allotment ?? UNMANAGED_ALLOTMENT,
    Refundable: plan.refundable,
    ...boardOf(plan),
    CurrencyCode: CURRENCY,
    // Prices are tax-inclusive: no tax or fee on top (reference §2.5).
    TotalBasePrice: total,
    TotalPrice: total,
    TotalTaxAndFee: yuan(0),
    ...cancelPolicies(entry, plan),
    RateComments: { RateComment: plan.comments },
    PaxPriceRooms: {
      PaxPriceRoom: rooms.map((room, index) => ({
        RoomIndex: room.roomIndex ?? index + 1,
        Adults: room.adults,
        Children: room.children,
        ...(room.ages.length === 0 ? {} : { ChildrenAges: { Age: room.ages } }),
        DailyInfos: {
          DailyInfo: offer.nights.map((night, nightIndex) => ({
            Day: dashedYmd(night),
            Price: yuan(offer.prices[nightIndex] ?? 0),
            BasePrice: yuan(offer.prices[nightIndex] ?? 0),
            TaxAndFee: yuan(0),
            CurrencyCode: CURRENCY,
          })),
        },
      })),
    },
  };
}

/** One `RoomType` node per room type offered, with a `RateInfo` per rate plan offered, in the catalog's order. */
function roomTypeNodes(offers: Quote[], rooms: readonly PaxRoom[], stay: Stay, secret: string, issuedAt: number) {
  const byRoomType = new Map<string, Quote[]>();
  for (const offer of offers) {
    const code = offer.entry.roomType.spuExtId;
    byRoomType.set(code, [...(byRoomType.get(code) ?? []), offer]);
  }
  return [...byRoomType.values()].map((same) => ({
    ...roomTypeFields((same[0] as Quote).entry),
    RateInfos: { RateInfo: same.map((offer) => rateInfo(offer, rooms, stay, secret, issuedAt)) },
  }));
}

/** The `Hotel` node of a quote: the hotel, the stay, and one RoomType per rate offered. */
async function hotelNode(offers: Quote[], rooms: readonly PaxRoom[], stay: Stay) {
  const [first] = offers;
  if (first === undefined) throw new PartnerError(PartnerCode.NoInventory, 'nothing sellable');
  const secret = await signingSecret();
  const issuedAt = Math.floor(Date.now() / 1000);
  return {
    ...hotelFields(first.entry, stay.checkIn, stay.checkOut),
    PaymentType: first.plan.paymentType,
    MinPrice: yuan(Math.min(...offers.map((offer) => offer.totalFen))),
    MinTaxPrice: yuan(0),
    CurrencyCode: CURRENCY,
    RoomTypes: { RoomType: roomTypeNodes(offers, rooms, stay, secret, issuedAt) },
  };
}

/** HotelRooms: every rate of the hotel that can host every requested room on every night, or NO_INVENTORY. */
export async function hotelRooms({ body }: PartnerInput<HotelRoomsRequest>): Promise<PartnerAnswer> {
  const entries = await hotelEntries(body.HotelCode);
  checkStay(entries[0] as CatalogEntry, body.CheckIn, body.CheckOut);
  if (body.SalesCountry !== undefined || body.UserCountry !== undefined) {
    logger.debug('partner market and nationality', { salesCountry: body.SalesCountry, userCountry: body.UserCountry });
  }
  const rooms = body.PaxRooms.PaxRoom;
  const quoted = await Promise.all(
    entries.map((entry) => quoteRoomType(entry, partnerPlans(entry), body.CheckIn, body.CheckOut, rooms)),
  );
  const offers = quoted.flatMap((room) => room.offers);
  if (offers.length === 0) {
    const why = quoted.flatMap((room) => room.unsellable).join('; ');
    throw new PartnerError(PartnerCode.NoInventory, `nothing sellable for these rooms and nights: ${why}`);
  }
  const stay = { hotelCode: body.HotelCode, checkIn: body.CheckIn, checkOut: body.CheckOut };
  return { content: { Hotel: await hotelNode(offers, rooms, stay) }, summary: `${offers.length} rates` };
}

/**
 * RoomAvailability: the one rate re-priced live with a fresh RateKey, whatever the incoming one says (this call
 * exists to re-validate); a changed price is a success carrying it. A PaymentType the rate does not have is
 * answered with the rate's own.
 */
export async function roomAvailability({ body }: PartnerInput<RoomAvailabilityRequest>): Promise<PartnerAnswer> {
  const { entry, plan } = await namedRate(body.HotelCode, body.RoomTypeCode, body.RateCode);
  checkStay(entry, body.CheckIn, body.CheckOut);
  const rooms = body.PaxRooms.PaxRoom;
  const {
    offers: [offer],
    unsellable,
  } = await quoteRoomType(entry, [plan], body.CheckIn, body.CheckOut, rooms);
  if (offer === undefined) throw new PartnerError(PartnerCode.NoInventory, unsellable.join('; '));
  const stay = { hotelCode: body.HotelCode, checkIn: body.CheckIn, checkOut: body.CheckOut };
  return { content: { Hotel: await hotelNode([offer], rooms, stay) }, summary: yuan(offer.totalFen) };
}
