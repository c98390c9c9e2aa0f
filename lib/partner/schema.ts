/**
 * The partner's requests as parsed XML, every value a string (SPEC §3, §3b, reference fliggy-selling): the
 * AuthenticationToken, SearchOrderRequest (seed 002) and the selling methods. Strict on what decides a booking
 * or its money (ids, codes, dates, rooms, the total and its currency, the signature), liberal on form and on
 * the rest: a client that writes every element sends the optional ones empty (`<OrderId></OrderId>`,
 * `<OrderId/>`), and empty counts as absent; an element that may repeat (`PaxRoom`, `PaxName`, `Age`) reads as
 * a list whether it came once or many times; unknown elements are ignored; free text is kept as sent.
 */

import * as z from 'zod/mini';
import { parseDashed } from '../orders/index.js';

const digits = (max: number) => z.string().check(z.regex(/^\d+$/, 'must be digits'), z.maxLength(max));

/** An optional element: absent, or empty as some clients write an unset one. */
const optional = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.pipe(
      z.optional(z.unknown()),
      z.transform((value) => (value === '' ? undefined : value)),
    ),
    z.optional(schema),
  );

export const authenticationTokenSchema = z.object({
  Username: z.string().check(z.minLength(1, 'is required'), z.maxLength(64)),
  RequestTimestamp: digits(16),
  Signature: z.string().check(z.regex(/^[0-9a-fA-F]{1,128}$/, 'must be hex')),
});

export const searchOrderRequestSchema = z
  .object({
    TaoBaoOrderId: optional(digits(64)),
    OrderId: optional(z.string().check(z.maxLength(64))),
    // xs:boolean: true, false, 1 or 0, in any case; absent or empty is false.
    IncludeDetail: z._default(
      optional(
        z.pipe(
          z.string().check(z.regex(/^(true|false|1|0)$/i, 'must be true or false')),
          z.transform((value) => value === '1' || value.toLowerCase() === 'true'),
        ),
      ),
      false,
    ),
  })
  .check(
    z.refine((request) => request.TaoBaoOrderId !== undefined || request.OrderId !== undefined, {
      message: 'TaoBaoOrderId or OrderId is required',
      path: ['TaoBaoOrderId'],
    }),
  );

export type SearchOrderRequest = z.output<typeof searchOrderRequestSchema>;

/** An element that may repeat: fast-xml-parser gives one as a value and many as an array; both read as a list. */
const list = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.transform((value: unknown) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value])),
    z.array(schema),
  );

/** A whole number written as text, within bounds. */
const int = (min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^\s*\d{1,6}\s*$/, 'must be a whole number')),
    z.pipe(
      z.transform((text: string) => Number(text)),
      z.number().check(z.gte(min, `must be ≥ ${min}`), z.lte(max, `must be ≤ ${max}`)),
    ),
  );

/** A calendar day as the partner writes it (yyyy-MM-dd), read as yyyyMMdd. */
const day = z.pipe(
  z.string().check(z.refine((text) => parseDashed(text) !== undefined, 'must be a real date as yyyy-MM-dd')),
  z.transform((text: string) => text.replaceAll('-', '')),
);

/** A code of ours the partner names (hotel, room type, rate): any text up to 64 characters. */
const code = z.string().check(z.minLength(1, 'is required'), z.maxLength(64, 'must be at most 64 characters'));
/** Free text the partner's guest wrote: kept as sent, within a size. */
const text = (max: number) => optional(z.string().check(z.maxLength(max, `must be at most ${max} characters`)));

/** One room's occupants (reference §2.4): children may be 0 with no ages; an age is `Age` or `age`. */
const paxRoom = z.pipe(
  z.looseObject({
    RoomIndex: optional(int(1, 9)),
    Adults: int(1, 9),
    Children: z._default(optional(int(0, 9)), 0),
    ChildrenAges: optional(z.looseObject({ Age: optional(list(int(0, 17))), age: optional(list(int(0, 17))) })),
  }),
  z.transform(({ RoomIndex, Adults, Children, ChildrenAges }) => ({
    roomIndex: RoomIndex,
    adults: Adults,
    children: Children,
    ages: ChildrenAges?.Age ?? ChildrenAges?.age ?? [],
  })),
);
export type PaxRoom = z.output<typeof paxRoom>;

const paxRooms = z.looseObject({
  PaxRoom: list(paxRoom).check(z.minLength(1, 'needs at least one PaxRoom'), z.maxLength(5, 'takes at most 5 rooms')),
});

/** The stay every selling method names; its nights are checked where they are sold. */
const stay = {
  HotelCode: code,
  CheckIn: day,
  CheckOut: day,
};

/** HotelRoomsRequest (reference §3.1): one hotel's rates for these rooms and nights. */
export const hotelRoomsRequestSchema = z.looseObject({
  ...stay,
  PaxRooms: paxRooms,
  // One market and one nationality each; logged, not yet a restriction of the catalog's.
  SalesCountry: text(8),
  UserCountry: text(8),
});
export type HotelRoomsRequest = z.output<typeof hotelRoomsRequestSchema>;

/** RoomAvailabilityRequest (reference §4.1): one rate re-priced live; the incoming RateKey is never a reason to refuse. */
export const roomAvailabilityRequestSchema = z.looseObject({
  ...stay,
  RoomTypeCode: code,
  RateCode: code,
  RateKey: text(200),
  PaymentType: optional(z.string()),
  PaxRooms: paxRooms,
});
export type RoomAvailabilityRequest = z.output<typeof roomAvailabilityRequestSchema>;

/** A guest's name in a room (reference §6.1, from the partner's vendors: `Name` given, `Surname` family). */
const paxName = z.looseObject({ Name: text(64), Surname: text(64), Type: text(16) });

const paxNameRoom = z.looseObject({
  RoomIndex: optional(int(1, 9)),
  PaxNames: optional(z.looseObject({ PaxName: list(paxName) })),
});

/** CreateOrderRequest (reference §6.1): TaoBaoOrderId is the idempotency key; rooms are its PaxNameRooms. */
export const createOrderRequestSchema = z.looseObject({
  TaoBaoOrderId: digits(32).check(z.minLength(1, 'is required')),
  ...stay,
  RoomTypeCode: code,
  RateCode: code,
  RateKey: z.string().check(z.minLength(1, 'is required'), z.maxLength(200, 'must be at most 200 characters')),
  TotalPrice: z.string().check(z.regex(/^\s*\d{1,13}(\.\d{1,2})?\s*$/, 'must be an amount in yuan with at most two decimals')),
  CurrencyCode: z.pipe(
    z.string().check(z.regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code such as CNY')),
    z.transform((currency) => currency.toUpperCase()),
  ),
  PaxNameRooms: z.looseObject({
    PaxNameRoom: list(paxNameRoom).check(
      z.minLength(1, 'needs at least one PaxNameRoom'),
      z.maxLength(5, 'takes at most 5 rooms'),
    ),
  }),
  PaxRooms: optional(paxRooms),
  PaidPrice: text(32),
  TaoBaoHotelId: text(32),
  TaoBaoRoomTypeId: text(32),
  ContactSurname: text(64),
  ContactName: text(64),
  ContactPhone: text(64),
  ContactEmail: text(255),
  specialRequest: text(2000),
  Memo: text(2000),
});
export type CreateOrderRequest = z.output<typeof createOrderRequestSchema>;

/** CancelOrderRequest (reference §8.1): the partner's id decides; our OrderId, when sent, is only checked against it. */
export const cancelOrderRequestSchema = z.looseObject({
  TaoBaoOrderId: digits(32).check(z.minLength(1, 'is required')),
  OrderId: optional(z.string().check(z.maxLength(64))),
});
export type CancelOrderRequest = z.output<typeof cancelOrderRequestSchema>;
