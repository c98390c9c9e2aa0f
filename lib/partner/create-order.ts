/**
 * The partner's CreateOrder (SPEC §3b, reference §6). TaoBaoOrderId is the idempotency key: the order (or the
 * refusal) is stored under it, so a repeat with the same content answers exactly as the first time, under
 * concurrent duplicates too, and never holds twice; other content is DUPLICATE_CREATE. The checks go in the
 * contract's order: the codes (`*_INVALID`), the RateKey (RATE_EXPIRED), the total and currency against the
 * key's quote and the live price (PRICE_CHANGED), then the rooms held on every night (NO_INVENTORY). A room
 * type without an AX mapping is confirmed at once; an AX-mapped one is PENDING until AX decides.
 */

import { createHash } from 'node:crypto';
import { placeOrder } from '../app/place.js';
import { quotePlans } from '../app/rates.js';
import { getConfig } from '../config/config.js';
import { logger } from '../observability/logger.js';
import {
  type Booking,
  dashedYmd,
  type Guest,
  isRefusal,
  newOrderExtId,
  nightsBetween,
  type Order,
  type OrderRecord,
  type OrderRef,
  type Refusal,
} from '../orders/index.js';
import { stores } from '../store/stores.js';
import { PARTNER } from './channel.js';
import { PartnerCode, PartnerError } from './errors.js';
import { keySecrets } from './key-secrets.js';
import type { PartnerAnswer, PartnerInput } from './middleware.js';
import { parseYuan, yuan } from './money.js';
import { readRateKey } from './rate-key.js';
import { CURRENCY } from './rate-node.js';
import type { CreateOrderRequest } from './schema.js';
import { checkStay, namedRate } from './stay.js';

/** Whether a refusal is a business one, which a repeat must answer the same (a temporary failure is not). */
function remembered(code: string): boolean {
  const business: string[] = [
    PartnerCode.NoInventory,
    PartnerCode.PriceChanged,
    PartnerCode.RateExpired,
    PartnerCode.HotelInvalid,
    PartnerCode.RoomTypeInvalid,
    PartnerCode.RatePlanInvalid,
  ];
  return business.includes(code);
}

/** How long a repeat waits for the first request of its order to settle its nights before answering. */
const REPEAT_WAIT_MS = 1_500;

/** The rooms of the order: its PaxRooms when it sends them, else its PaxNameRooms. */
const roomsOf = (body: CreateOrderRequest) => body.PaxRooms?.PaxRoom.length ?? body.PaxNameRooms.PaxNameRoom.length;

/** Everyone named on the order, room by room. */
function guestsOf(body: CreateOrderRequest): Guest[] {
  return body.PaxNameRooms.PaxNameRoom.flatMap((room, position) =>
    (room.PaxNames?.PaxName ?? []).map((pax) => ({
      ...(pax.Surname === undefined ? {} : { surname: pax.Surname }),
      ...(pax.Name === undefined ? {} : { given_name: pax.Name }),
      room: room.RoomIndex ?? position + 1,
    })),
  );
}

/** What makes two creates "the same content": hotel, room type, rate, dates, rooms, guests, total, currency. */
function fingerprintOf(body: CreateOrderRequest): string {
  const content = [
    body.HotelCode,
    body.RoomTypeCode,
    body.RateCode,
    body.CheckIn,
    body.CheckOut,
    roomsOf(body),
    guestsOf(body),
    parseYuan(body.TotalPrice),
    body.CurrencyCode,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** The booker as the partner names them: the contact, else the first guest. */
function bookerOf(body: CreateOrderRequest): string {
  const contact = [body.ContactSurname, body.ContactName].filter((part) => part !== undefined).join(' ');
  if (contact !== '') return contact;
  const [first] = guestsOf(body);
  return [first?.surname, first?.given_name].filter((part) => part !== undefined).join(' ');
}

/** The success answer: the partner's id and ours. */
const accepted = (order: Order): PartnerAnswer => ({
  content: { TaoBaoOrderId: order.orderId, OrderId: order.orderExtId },
  matched: { channel: order.channel, orderId: order.orderId },
  summary: order.axMapped && order.confirmedAt === undefined ? 'PENDING' : 'CONFIRMED',
});

/** A refusal the partner was given, or is given again. */
const refused = (ref: OrderRef, code: string, message: string): PartnerError =>
  new PartnerError(code as PartnerCode, message, { matched: ref });

/** The nights of a new order are settled by its first request; a repeat arriving meanwhile waits a moment for them. */
async function settledOrder(order: Order): Promise<Order | undefined> {
  let current: OrderRecord | undefined = order;
  for (const until = Date.now() + REPEAT_WAIT_MS; Date.now() < until; ) {
    if (current === undefined || isRefusal(current) || current.inventory?.state !== 'pending') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    current = await stores().orders.get(order);
  }
  return current === undefined || isRefusal(current) || current.inventory?.state === 'pending' ? undefined : current;
}

/** The answer an order gives its create: success, or NO_INVENTORY when its nights were short; a retry code while unsettled. */
async function answerOf(order: Order): Promise<PartnerAnswer> {
  const settled = await settledOrder(order);
  if (settled === undefined) throw new PartnerError(PartnerCode.SystemException, 'the order is still being placed, please retry');
  if (settled.inventory?.state === 'out-of-stock') {
    throw refused(
      settled,
      PartnerCode.NoInventory,
      `${settled.booking.spuExtId} has no ${settled.booking.reserveAmount} rooms on every night`,
    );
  }
  return accepted(settled);
}

/** A repeat of a TaoBaoOrderId: the first answer again for the same content, DUPLICATE_CREATE for other content or a cancelled one. */
async function repeat(existing: OrderRecord, fingerprint: string): Promise<PartnerAnswer> {
  const ref = { channel: existing.channel, orderId: existing.orderId };
  if (isRefusal(existing)) {
    if (existing.fingerprint === undefined) {
      throw refused(ref, PartnerCode.DuplicateCreate, `TaoBaoOrderId ${existing.orderId} was cancelled before it was created`);
    }
    if (existing.fingerprint !== fingerprint)
      throw refused(ref, PartnerCode.DuplicateCreate, `TaoBaoOrderId ${existing.orderId} was refused for other content`);
    throw refused(ref, existing.code, existing.message);
  }
  if (existing.fingerprint !== fingerprint) {
    throw refused(ref, PartnerCode.DuplicateCreate, `TaoBaoOrderId ${existing.orderId} was already created with other content`);
  }
  return { ...(await answerOf(existing)), duplicate: true };
}

/** Remembers a business refusal under the order's key, so a retry gets it again; a create that got there first answers instead. */
async function refuse(ref: OrderRef, fingerprint: string, error: PartnerError, now: number): Promise<PartnerAnswer> {
  const refusal: Refusal = {
    kind: 'refusal',
    ...ref,
    fingerprint,
    code: error.code,
    message: error.message,
    createdAt: now,
    version: 1,
  };
  const stored = await stores().orders.create(refusal);
  if (!stored.created) return repeat(stored.existing, fingerprint);
  throw refused(ref, error.code, error.message);
}

/** The checks before anything is held, in the contract's order; the booking to place when they pass. */
async function checked(
  body: CreateOrderRequest,
): Promise<Omit<Booking, 'customerName' | 'customerPhone' | 'customerList'> & { axMapped: boolean; managed: boolean }> {
  const { entry, plan: rate } = await namedRate(body.HotelCode, body.RoomTypeCode, body.RateCode);
  checkStay(entry, body.CheckIn, body.CheckOut);
  const rooms = roomsOf(body);
  const key = readRateKey(
    body.RateKey,
    {
      hotelCode: body.HotelCode,
      roomTypeCode: body.RoomTypeCode,
      rateCode: body.RateCode,
      checkIn: body.CheckIn,
      checkOut: body.CheckOut,
      rooms,
      paymentType: rate.paymentType,
    },
    await keySecrets(),
    Math.floor(Date.now() / 1000),
    getConfig().partner.rateKey.ttlHours,
  );
  if (!key.ok) {
    logger.warn('partner RateKey refused', { reason: key.reason });
    throw new PartnerError(PartnerCode.RateExpired, 'the rate has expired, please validate it again (RoomAvailability)');
  }
  // The stay's rules and every night's price, live, from one read; whether the rooms are there is the hold's to
  // decide, all nights or none.
  const nights = nightsBetween(body.CheckIn, body.CheckOut);
  const [priced] = await quotePlans(entry, [rate], PARTNER, nights, rooms);
  if (priced === undefined || 'refused' in priced) {
    throw new PartnerError(
      PartnerCode.NoInventory,
      `${entry.roomType.spuExtId} ${rate.code}: ${priced?.refused.message ?? 'not sold'}`,
    );
  }
  const total = parseYuan(body.TotalPrice) as number;
  if (total !== key.totalFen || body.CurrencyCode !== key.currency) {
    throw new PartnerError(
      PartnerCode.PriceChanged,
      `TotalPrice ${body.TotalPrice} ${body.CurrencyCode} differs from the quoted ${yuan(key.totalFen)} ${key.currency}`,
    );
  }
  if ('unpriced' in priced)
    throw new PartnerError(PartnerCode.NoInventory, `${entry.roomType.spuExtId} has no price on ${dashedYmd(priced.unpriced)}`);
  const { prices, totalFen: liveTotal } = priced;
  if (liveTotal !== total) {
    throw new PartnerError(
      PartnerCode.PriceChanged,
      `TotalPrice ${body.TotalPrice} ${CURRENCY} differs from the current ${yuan(liveTotal)} ${CURRENCY}`,
    );
  }
  return {
    spuExtId: entry.roomType.spuExtId,
    supplierExtId: entry.hotel.supplierExtId,
    hotelCode: entry.hotel.hotelCode,
    reserveAmount: rooms,
    checkIn: body.CheckIn,
    checkOut: body.CheckOut,
    totalPrice: total,
    rateCode: body.RateCode,
    datePrice: nights.map((night, index) => ({ date: night, datePrice: prices[index] as number })),
    axMapped: entry.roomType.ax !== undefined,
    managed: entry.roomType.inventory !== undefined,
  };
}

/**
 * @example await createOrder({ body, requestId, receivedAt: Date.now(), username: 'fliggy' })
 */
export async function createOrder({ body, receivedAt: now }: PartnerInput<CreateOrderRequest>): Promise<PartnerAnswer> {
  const ref: OrderRef = { channel: PARTNER, orderId: body.TaoBaoOrderId };
  const fingerprint = fingerprintOf(body);
  const existing = await stores().orders.get(ref);
  if (existing !== undefined) return repeat(existing, fingerprint);

  let stay: Awaited<ReturnType<typeof checked>>;
  try {
    stay = await checked(body);
  } catch (error) {
    if (error instanceof PartnerError && remembered(error.code)) return refuse(ref, fingerprint, error, now);
    throw error;
  }
  const { axMapped, managed, ...booking } = stay;
  const remark = [body.specialRequest, body.Memo].filter((part) => part !== undefined && part !== '').join(' | ');
  const placed = await placeOrder({
    channel: PARTNER,
    orderId: body.TaoBaoOrderId,
    orderExtId: newOrderExtId(now),
    booking: {
      ...booking,
      ...(remark === '' ? {} : { remark }),
      customerName: bookerOf(body),
      customerPhone: body.ContactPhone ?? '',
      ...(body.ContactEmail === undefined ? {} : { customerEmail: body.ContactEmail }),
      customerList: guestsOf(body),
    },
    fingerprint,
    // The partner's rates are prepaid (PaymentType 1): the order is paid when it is made.
    paid: true,
    axMapped,
    managed,
    priceChanged: false,
    now,
  });
  if (!placed.created) return repeat(placed.existing, fingerprint);
  logger.info('partner order placed', {
    orderId: body.TaoBaoOrderId,
    checkIn: dashedYmd(body.CheckIn),
    rooms: booking.reserveAmount,
  });
  return { ...(await answerOf(placed.order)), sending: placed.sending };
}
