/**
 * The partner's quotes (SPEC §3b, reference §3, §4): HotelRooms offers every rate of a hotel that can host
 * every requested room on every night; RoomAvailability re-prices one rate. Both read price and allotment
 * live from the table (never a cache), and every rate offered carries a fresh RateKey. A quote holds nothing.
 */
import { priceStay } from '../app/rates.js';
import { availableOf } from '../app/stock.js';
import type { CatalogEntry } from '../catalog/catalog.js';
import { logger } from '../observability/logger.js';
import { dashedYmd, nightsBetween } from '../orders/index.js';
import { PartnerCode, PartnerError } from './errors.js';
import { keySecrets } from './key-secrets.js';
import type { PartnerAnswer, PartnerInput } from './middleware.js';
import { yuan } from './money.js';
import { mintRateKey } from './rate-key.js';
import { boardOf, CURRENCY, cancelPolicies, hotelFields, rateNames, roomTypeFields } from './rate-node.js';
import type { HotelRoomsRequest, PaxRoom, RoomAvailabilityRequest } from './schema.js';
import { checkStay, hotelEntries, namedRate } from './stay.js';

/** What `Allotment` says of a room type with no allotment of ours (every night available): plenty. */
const UNMANAGED_ALLOTMENT = 99;

/** A rate priced live for a stay and its rooms. */
interface Quote {
  entry: CatalogEntry;
  nights: string[];
  /** Each night's price of one room, fen. */
  prices: number[];
  /** Every room, every night, fen. */
  totalFen: number;
  /** The smallest night's available rooms (room types with their own allotment). */
  allotment?: number;
}

/** A rate priced for these rooms, or why it cannot be sold. */
async function quote(
  entry: CatalogEntry,
  checkIn: string,
  checkOut: string,
  rooms: readonly PaxRoom[],
): Promise<Quote | { unsellable: string }> {
  const { roomType } = entry;
  const crowded = rooms.find((room) => room.adults + room.children > roomType.maxOccupancy);
  if (crowded !== undefined) return { unsellable: `${roomType.spuExtId} sleeps at most ${roomType.maxOccupancy}` };
  const nights = nightsBetween(checkIn, checkOut);
  const priced = await priceStay(entry, nights, rooms.length);
  if ('unpriced' in priced) return { unsellable: `${roomType.spuExtId} has no price on ${dashedYmd(priced.unpriced)}` };
  const { prices, stock, totalFen } = priced;
  const short = stock?.find((night) => night.available < rooms.length);
  if (short !== undefined) {
    return { unsellable: `${roomType.spuExtId} has ${Math.max(0, short.available)} rooms left on ${dashedYmd(short.night)}` };
  }
  const allotment = stock === undefined ? undefined : availableOf(stock);
  return { entry, nights, prices, totalFen, allotment };
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

/** One `RoomType` node with its one `RateInfo`, as a quote offers it. */
function roomTypeNode(offer: Quote, rooms: readonly PaxRoom[], stay: Stay, secret: string, issuedAt: number) {
  const { entry } = offer;
  const { roomType } = entry;
  const { rate } = roomType;
  const rateKey = mintRateKey(
    secret,
    {
      ...stay,
      roomTypeCode: roomType.spuExtId,
      rateCode: rate.rateCode,
      rooms: rooms.length,
      paymentType: rate.paymentType,
      currency: CURRENCY,
      totalFen: offer.totalFen,
    },
    issuedAt,
  );
  const total = yuan(offer.totalFen);
  return {
    ...roomTypeFields(entry),
    RateInfos: {
      RateInfo: {
        RateKey: rateKey,
        ...rateNames(entry),
        Allotment: offer.allotment ?? UNMANAGED_ALLOTMENT,
        Refundable: rate.refundable,
        ...boardOf(entry),
        CurrencyCode: CURRENCY,
        // Prices are tax-inclusive: no tax or fee on top (reference §2.5).
        TotalBasePrice: total,
        TotalPrice: total,
        TotalTaxAndFee: yuan(0),
        ...cancelPolicies(entry),
        RateComments: { RateComment: rate.comments },
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
      },
    },
  };
}

/** The `Hotel` node of a quote: the hotel, the stay, and one RoomType per rate offered. */
async function hotelNode(offers: Quote[], rooms: readonly PaxRoom[], stay: Stay) {
  const [first] = offers;
  if (first === undefined) throw new PartnerError(PartnerCode.NoInventory, 'nothing sellable');
  const secret = await signingSecret();
  const issuedAt = Math.floor(Date.now() / 1000);
  return {
    ...hotelFields(first.entry, stay.checkIn, stay.checkOut),
    PaymentType: first.entry.roomType.rate.paymentType,
    MinPrice: yuan(Math.min(...offers.map((offer) => offer.totalFen))),
    MinTaxPrice: yuan(0),
    CurrencyCode: CURRENCY,
    RoomTypes: { RoomType: offers.map((offer) => roomTypeNode(offer, rooms, stay, secret, issuedAt)) },
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
  const quotes = await Promise.all(entries.map((entry) => quote(entry, body.CheckIn, body.CheckOut, rooms)));
  const offers = quotes.filter((result): result is Quote => !('unsellable' in result));
  if (offers.length === 0) {
    const why = quotes.map((result) => ('unsellable' in result ? result.unsellable : '')).join('; ');
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
  const entry = await namedRate(body.HotelCode, body.RoomTypeCode, body.RateCode);
  checkStay(entry, body.CheckIn, body.CheckOut);
  const rooms = body.PaxRooms.PaxRoom;
  const offer = await quote(entry, body.CheckIn, body.CheckOut, rooms);
  if ('unsellable' in offer) throw new PartnerError(PartnerCode.NoInventory, offer.unsellable);
  const stay = { hotelCode: body.HotelCode, checkIn: body.CheckIn, checkOut: body.CheckOut };
  return { content: { Hotel: await hotelNode([offer], rooms, stay) }, summary: yuan(offer.totalFen) };
}
