/**
 * The calendar-room SPIs' domain (SPEC §11): each takes the validated request and answers a value, which the
 * envelope turns into `{"data": {…}}`. The stay is priced, ruled and counted from the same allotment and rate
 * plans as the other channels (lib/app); `order_id` keys a booking and `cancel_id` a cancellation.
 */
import { createHash } from 'node:crypto';
import { applyEvent } from '../app/apply.js';
import { requestCancelAndRelease } from '../app/cancel.js';
import { planSoldAs } from '../app/catalog.js';
import { placeOrder } from '../app/place.js';
import { closedTo, dayAfter, quotePlans, sellingPrice, storedNights } from '../app/rates.js';
import { stockFrom } from '../app/stock.js';
import type { CatalogEntry } from '../catalog/catalog.js';
import { planOf, plansOf, type RatePlan, sellsOn } from '../catalog/plans.js';
import { getConfig } from '../config/config.js';
import { douyinCredentials } from '../config/secrets.js';
import {
  type Booking,
  dashedYmd,
  isRefusal,
  newOrderExtId,
  nightsBetween,
  type Order,
  OrderStatus,
  type RuleRefusal,
  refOf,
} from '../orders/index.js';
import { stores } from '../store/stores.js';
import { DOUYIN_HOTEL } from './channel.js';
import { type HotelAnswer, HotelCode, type HotelInput, HotelSpiError } from './middleware.js';
import { phoneOf } from './phone.js';
import type {
  AriPullRequest,
  CanBuyRequest,
  CancelRequest,
  CreateOrderRequest,
  ModifyOrderRequest,
  PayNotifyRequest,
  RefundNotifyRequest,
} from './schemas.js';

/** What the pull says of a room type sold without an allotment of its own: every night open, this many rooms. */
const UNMANAGED_INVENTORY = 99;

/** The plan a `rate_plan_id` names on this channel, or 1 (房型不存在/失效). */
async function planNamed(ratePlanId: string): Promise<{ entry: CatalogEntry; plan: RatePlan }> {
  const sold = await planSoldAs(DOUYIN_HOTEL, ratePlanId);
  if (sold === undefined) throw new HotelSpiError(HotelCode.RoomTypeInvalid, `rate_plan_id: ${ratePlanId} is not sold here`);
  return sold;
}

/** A night's price, rooms and availability for the plan on this channel, as the pull and a refusal's `ari` give it. */
interface NightAri {
  night: string;
  price: number;
  inventory: number;
  available: boolean;
}

type Stored = Awaited<ReturnType<typeof storedNights>>;

/** The rooms left each night of a room type, once for all its plans. */
const stockOf = (entry: CatalogEntry, nights: string[], stored: Stored) =>
  entry.roomType.inventory === undefined ? undefined : stockFrom(stored, nights, entry.roomType.inventory);

function nightsAri(
  entry: CatalogEntry,
  plan: RatePlan,
  nights: string[],
  stored: Stored,
  stock: ReturnType<typeof stockOf> = stockOf(entry, nights, stored),
) {
  return nights.map((night, index): NightAri => {
    const price = sellingPrice(entry, plan, DOUYIN_HOTEL, night, stored);
    const rooms = closedTo(plan, DOUYIN_HOTEL, night, stored) ? 0 : Math.max(0, stock?.[index]?.available ?? UNMANAGED_INVENTORY);
    // −1 clears a price on Douyin's side (reference §3.7): a night without one is not for sale.
    return price === undefined
      ? { night, price: -1, inventory: 0, available: false }
      : { night, price, inventory: rooms, available: rooms > 0 };
  });
}

/**
 * Runs of equal nights as `rate_avail_infos`, `timerange` end included (or, by the setting, the day after).
 * The nights come consecutive, so a run only compares each night with the one before.
 */
function runsOf(nights: NightAri[]) {
  const inclusive = getConfig().douyinHotel.timerangeEndInclusive;
  const runs: { first: string; last: string; ari: NightAri }[] = [];
  for (const night of nights) {
    const last = runs.at(-1);
    const same =
      last !== undefined &&
      last.ari.price === night.price &&
      last.ari.inventory === night.inventory &&
      last.ari.available === night.available;
    if (same) last.last = night.night;
    else runs.push({ first: night.night, last: night.night, ari: night });
  }
  return runs.map(({ first, last, ari }) => ({
    timerange: { start: dashedYmd(first), end: dashedYmd(inclusive ? last : dayAfter(last)) },
    original_amount: ari.price,
    currency: 'CNY',
    available: ari.available,
    inventory: ari.inventory,
  }));
}

/**
 * `hotel_spot.trip.hotel_ari_cron_pull`: each rate plan's price, rooms and availability per night of
 * `date_range` (both ends included), one read of the nights per room type. `rate_plan_ids` empty: every plan
 * of `hotel_ids`; `hotel_ids` empty: the plans named.
 */
export async function pullAri({ body }: HotelInput<AriPullRequest>): Promise<HotelAnswer> {
  const named = body.rate_plan_ids ?? [];
  const chosen: { ratePlanId: string; entry: CatalogEntry; plan: RatePlan }[] = [];
  if (named.length > 0) {
    for (const ratePlanId of named) chosen.push({ ratePlanId, ...(await planNamed(ratePlanId)) });
  } else {
    const hotels = new Set(body.hotel_ids ?? []);
    const entries = (await stores().catalog.entries()).filter((entry) => hotels.has(entry.hotel.douyinHotelId ?? ''));
    const known = new Set(entries.map((entry) => entry.hotel.douyinHotelId));
    const unknown = [...hotels].find((hotel) => !known.has(hotel));
    if (unknown !== undefined)
      throw new HotelSpiError(HotelCode.RoomTypeInvalid, `hotel_ids: ${unknown} is not a hotel sold here`);
    for (const entry of entries) {
      for (const plan of plansOf(entry.roomType).filter((one) => sellsOn(one, DOUYIN_HOTEL))) {
        const ratePlanId = plan.channels[DOUYIN_HOTEL]?.ratePlanId;
        if (ratePlanId !== undefined) chosen.push({ ratePlanId, entry, plan });
      }
    }
  }
  const nights = nightsBetween(body.date_range.start, dayAfter(body.date_range.end));
  const [first, last] = [nights[0] as string, nights.at(-1) as string];
  // One read per room type, and its rooms counted once, whatever the number of its plans asked for.
  const byRoomType = new Map<string, Promise<{ stored: Stored; stock: ReturnType<typeof stockOf> }>>();
  const readOnce = (entry: CatalogEntry) => {
    const { spuExtId } = entry.roomType;
    const read =
      byRoomType.get(spuExtId) ??
      storedNights(spuExtId, first, last).then((stored) => ({ stored, stock: stockOf(entry, nights, stored) }));
    byRoomType.set(spuExtId, read);
    return read;
  };
  const roomRates = await Promise.all(
    chosen.map(async ({ ratePlanId, entry, plan }) => {
      const { stored, stock } = await readOnce(entry);
      return { rate_plan_id: ratePlanId, rate_avail_infos: runsOf(nightsAri(entry, plan, nights, stored, stock)) };
    }),
  );
  return { fields: { room_rates: roomRates } };
}

/** The stay's rule refusal in Douyin's codes: 3 for the stay's length, 4 for every closure and the booking window. */
const ruleCode = (refused: RuleRefusal) =>
  refused.rule === 'minStay' || refused.rule === 'maxStay' ? HotelCode.StayLength : HotelCode.Full;

/**
 * A stay checked against the plan's rules, occupancy, allotment and prices, live: nothing when it can be sold,
 * else the refusal (with the stay's `ari` when the setting asks for it).
 */
async function checkStay(body: CanBuyRequest, entry: CatalogEntry, plan: RatePlan): Promise<void> {
  const nights = nightsBetween(body.check_in_date, body.check_out_date);
  const rooms = body.number_of_units;
  const [quote] = await quotePlans(entry, [plan], DOUYIN_HOTEL, nights, rooms);
  const withAri = async (code: HotelCode, message: string) => {
    if (!getConfig().douyinHotel.canBuyAri) return new HotelSpiError(code, message);
    const stored = await storedNights(entry.roomType.spuExtId, nights[0] as string, nights.at(-1) as string);
    const ratePlanId = plan.channels[DOUYIN_HOTEL]?.ratePlanId ?? '';
    const stockAndAmount = runsOf(nightsAri(entry, plan, nights, stored)).map((run) => ({ rate_plan_id: ratePlanId, ...run }));
    return new HotelSpiError(code, message, { fields: { ari: { stock_and_amount: stockAndAmount } } });
  };
  if (quote === undefined || 'unpriced' in quote) {
    throw await withAri(HotelCode.Full, `check_in_date: no price on ${dashedYmd(quote?.unpriced || nights[0] || '')}`);
  }
  if ('refused' in quote) throw await withAri(ruleCode(quote.refused), quote.refused.message);
  const guests = body.number_of_guests;
  if (guests !== undefined && guests > entry.roomType.maxOccupancy * rooms) {
    throw new HotelSpiError(
      HotelCode.TooManyGuests,
      `number_of_guests: ${guests} is more than ${rooms} room(s) of ${entry.roomType.maxOccupancy} hold`,
    );
  }
  const short = quote.stock?.find((night) => night.available < rooms);
  if (short !== undefined) {
    throw await withAri(HotelCode.Full, `check_in_date: ${short.available} room(s) left on ${dashedYmd(short.night)}`);
  }
  for (const [index, rate] of (body.daily_rates ?? []).entries()) {
    const night = rate.period_start_date ?? nights[index];
    const at = night === undefined ? -1 : nights.indexOf(night);
    if (at < 0 || quote.prices[at] !== rate.original_amount) {
      throw await withAri(
        HotelCode.PriceMismatch,
        `daily_rates[${index}].original_amount: ${rate.original_amount} is not the price of ${dashedYmd(night ?? '')}${at < 0 ? '' : ` (${quote.prices[at]})`}`,
      );
    }
  }
  if (body.total_amount !== undefined && body.total_amount !== quote.totalFen) {
    throw await withAri(HotelCode.PriceMismatch, `total_amount: ${body.total_amount} is not the stay's price ${quote.totalFen}`);
  }
}

/** `hotel_spot.order.can_buy`: the stay checked live, as a create would be. */
export async function canBuy({ body }: HotelInput<CanBuyRequest>): Promise<HotelAnswer> {
  const { entry, plan } = await planNamed(body.rate_plan_id);
  await checkStay(body, entry, plan);
  return { fields: {} };
}

function toBooking(body: CreateOrderRequest, entry: CatalogEntry, plan: RatePlan, secret: string | undefined): Booking {
  const contact = body.contact_info;
  const guests = body.occupancies ?? [];
  const remark = [body.remark_from_guest, body.remark_from_douyin]
    .filter((part) => part !== undefined && part !== '')
    .join(' | ');
  return {
    spuExtId: entry.roomType.spuExtId,
    rateCode: plan.code,
    supplierExtId: entry.hotel.supplierExtId,
    hotelCode: entry.hotel.hotelCode,
    reserveAmount: body.number_of_units,
    checkIn: body.check_in_date,
    checkOut: body.check_out_date,
    totalPrice: body.total_amount,
    ...(remark === '' ? {} : { remark }),
    customerName: contact?.name ?? guests[0]?.name ?? '',
    customerPhone: phoneOf(String(contact?.phone ?? guests[0]?.phone ?? ''), getConfig().douyinHotel.phone, secret),
    customerList: guests.map((guest) => ({ cn_name: guest.name ?? '' })),
    datePrice: nightsBetween(body.check_in_date, body.check_out_date).map((date, index) => ({
      date,
      datePrice: body.daily_rates[index]?.original_amount ?? 0,
    })),
  };
}

/** What makes two creates "the same booking": the plan, the dates, the rooms and the money. */
function fingerprintOf(body: CreateOrderRequest): string {
  const decides = [body.rate_plan_id, body.check_in_date, body.check_out_date, body.number_of_units, body.total_amount];
  return createHash('sha256').update(JSON.stringify(decides)).digest('hex');
}

/** The create's answer: our `order_out_id`, the confirmation to follow through the confirm OpenAPI. */
const created = (order: Order) => ({
  order_id: order.orderId,
  order_out_id: order.orderExtId,
  confirm_info: { confirm_mode: 2 },
});

/**
 * The create-order SPI: the booking written once per `order_id` and its nights held; concurrent duplicates
 * and repeats answer the same `order_out_id` (code 7's rule: success, never 7), another booking under the id
 * 13. A stay the rules, the allotment or the price refuse is answered 3, 4 or 8 and nothing is stored.
 */
export async function createOrder({ body, receivedAt: now }: HotelInput<CreateOrderRequest>): Promise<HotelAnswer> {
  const { entry, plan } = await planNamed(body.rate_plan_id);
  const fingerprint = fingerprintOf(body);
  const ref = { channel: DOUYIN_HOTEL, orderId: body.order_id };
  // A repeat answers from what is stored before the stay is checked again: its own hold has taken the
  // rooms the check would now find missing (one read per create; placeOrder's conditional put settles races).
  const stored = await stores().orders.get(ref);
  if (stored !== undefined && !isRefusal(stored)) {
    if (stored.fingerprint !== fingerprint) {
      throw new HotelSpiError(HotelCode.Other, `order_id: ${body.order_id} was already created with another booking`, {
        orderId: body.order_id,
      });
    }
    return { fields: created(stored), matched: ref, duplicate: true };
  }
  await checkStay(body, entry, plan);
  const paid = getConfig().douyinHotel.payThenCreate;
  const placed = await placeOrder({
    channel: DOUYIN_HOTEL,
    orderId: body.order_id,
    orderExtId: newOrderExtId(now),
    booking: toBooking(body, entry, plan, (await douyinCredentials()).clientSecret),
    fingerprint,
    paid,
    axMapped: entry.roomType.ax !== undefined,
    managed: entry.roomType.inventory !== undefined,
    priceChanged: false,
    now,
  });
  if (placed.created) return { fields: created(placed.order), matched: ref, sending: placed.sending };
  const { existing } = placed;
  if (isRefusal(existing) || existing.fingerprint !== fingerprint) {
    throw new HotelSpiError(HotelCode.Other, `order_id: ${body.order_id} was already created with another booking`, {
      orderId: body.order_id,
    });
  }
  // A concurrent duplicate lost the race for the key: the same answer as the one that won.
  return { fields: created(existing), matched: ref, duplicate: true };
}

async function storedOrder(orderId: string): Promise<Order | undefined> {
  const record = await stores().orders.get({ channel: DOUYIN_HOTEL, orderId });
  return record === undefined || isRefusal(record) ? undefined : record;
}

/**
 * `hotel_spot.order.pay_notify`: marks the order paid, once; 100 while the order is not stored yet (its create
 * is still on its way), so Douyin sends the notice again.
 */
export async function notifyPayment({ body, receivedAt: now }: HotelInput<PayNotifyRequest>): Promise<HotelAnswer> {
  const order = await storedOrder(body.order_id);
  if (order === undefined) throw new HotelSpiError(HotelCode.Retry, `order_id: ${body.order_id} is not created yet`);
  const paid = await applyEvent(refOf(order), { type: 'pay', priceChanged: false }, { now, known: order, deferSend: true });
  const confirmInfo = getConfig().douyinHotel.confirmInfoOnPayment ? { confirm_info: { confirm_mode: 2 } } : {};
  return {
    fields: { order_id: order.orderId, order_out_id: order.orderExtId, ...confirmInfo },
    matched: refOf(order),
    duplicate: paid?.result.duplicate ?? true,
    sending: paid?.sending,
  };
}

/** The answer to a cancel request as it stands: at once (1) with its result, or later through cancel/audit (2). */
function cancelAnswer(order: Order, cancelId: string) {
  const request = order.cancelRequests?.find((one) => one.id === cancelId);
  if (request === undefined || request.audited) return { cancel_mode: 2 };
  return { cancel_mode: 1, cancel_result: request.state === 'refused' ? 2 : 1 };
}

/** Whether the plan the order booked lets it be cancelled now: refundable plans do, the others are refused. */
function refundable(entry: CatalogEntry | undefined, order: Order): boolean {
  const plan =
    entry === undefined || order.booking.rateCode === undefined ? undefined : planOf(entry.roomType, order.booking.rateCode);
  return plan?.refundable === true;
}

/**
 * `hotel_spot.order.cancel_apply`, idempotent on `cancel_id`: without `need_audit` Douyin has cancelled
 * already, so it is answered at once (cancel_mode 1, accepted), the nights given back once and AX owed its
 * cancel; with `need_audit` it is answered cancel_mode 2 and decided (at once from the plan's refundability,
 * or by a person with DOUYIN_HOTEL_CANCEL_AUDIT=manual), the decision sent through cancel/audit.
 */
export async function cancelOrder({ body, receivedAt: now }: HotelInput<CancelRequest>): Promise<HotelAnswer> {
  const order = await storedOrder(body.order_id);
  if (order === undefined) {
    // A create that failed (cancel_type 3) left nothing here to cancel: agreed.
    if (body.cancel_type === 3) return { fields: { cancel_mode: 1, cancel_result: 1 } };
    throw new HotelSpiError(HotelCode.NoSuchOrder, `order_id: no order ${body.order_id}`);
  }
  const audited = body.need_audit === true;
  const decide = getConfig().douyinHotel.cancelAudit === 'auto' || !audited;
  const accept =
    !audited ||
    (order.status !== OrderStatus.Cancelled && refundable(await stores().catalog.roomType(order.booking.spuExtId), order));
  const done = await requestCancelAndRelease(
    order,
    {
      id: body.cancel_id,
      kind: body.cancel_type,
      audited,
      ...(decide ? { accept } : {}),
      ...(decide && !accept ? { reason: 'the rate plan is not refundable' } : {}),
    },
    now,
  );
  return {
    fields: cancelAnswer(done.order, body.cancel_id),
    matched: refOf(order),
    duplicate: done.duplicate,
    sending: done.sending,
  };
}

/**
 * `hotel_spot.order.refund_notify`: always acknowledged and kept in the order's history, after a refused
 * cancel or without `order_out_id` too; a notice for no stored order is kept with the unmatched requests.
 */
export async function notifyRefund({ body }: HotelInput<RefundNotifyRequest>): Promise<HotelAnswer> {
  const order = await storedOrder(body.order_id);
  return order === undefined ? { fields: {} } : { fields: {}, matched: refOf(order) };
}

/** `hotel_spot.order.modify_order`: not public, so refused (13), and kept with the order it names. */
export async function modifyOrder({ body }: HotelInput<ModifyOrderRequest>): Promise<HotelAnswer> {
  const order = body.order_id === undefined ? undefined : await storedOrder(body.order_id);
  throw new HotelSpiError(HotelCode.Other, 'modify_order: changing an order is not supported; cancel it and book again', {
    ...(order === undefined ? {} : { orderId: order.orderId }),
  });
}
