/**
 * The ARI push to Douyin's calendar room (SPEC §11, reference §4.4–4.6): for a room type's owed nights, each
 * of its plans' prices (`price/save`) and rooms and availability (`stock/save`) as runs of equal nights,
 * chunked at 50 `aris` a call, every `save_result` checked; then `ari/notify`, which makes Douyin pull.
 * Coalesced per room type (every plan of it in the same calls), settled only at the version it read.
 */
import { closedTo, dayAfter, sellingPrice, storedNights } from '../app/rates.js';
import { stockFrom } from '../app/stock.js';
import type { CatalogEntry } from '../catalog/catalog.js';
import { plansOf, type RatePlan, sellsOn } from '../catalog/plans.js';
import { getConfig } from '../config/config.js';
import { callDouyin } from '../douyin/client.js';
import { ChannelHubError } from '../errors.js';
import { dashedYmd, formatYmd, hotelClock, nightsBetween } from '../orders/index.js';
import { stores } from '../store/stores.js';
import { DOUYIN_HOTEL } from './channel.js';

const PRICE_SAVE_PATH = '/goodlife/v1/trip/hotel/price/save/';
const STOCK_SAVE_PATH = '/goodlife/v1/trip/hotel/stock/save/';
const ARI_NOTIFY_PATH = '/goodlife/v1/trip/hotel/ari/notify/';
/** Douyin's limits (reference §4.4, §4.6): 50 `aris` a save, 50 rate plans and 365 days a notice. */
const ARIS_PER_CALL = 50;
const HORIZON_DAYS = 365;
const UNMANAGED_INVENTORY = 99;

/** A push that did not go through: left owed, retried by the queue and shown as owed work. */
class PushFailed extends ChannelHubError {
  override readonly name = 'PushFailed';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

interface Run<T> {
  first: string;
  last: string;
  value: T;
}

/** Consecutive nights with equal values as runs, in order. */
function runs<T>(nights: string[], measure: (night: string) => T): Run<T>[] {
  const out: Run<T>[] = [];
  for (const night of nights) {
    const value = measure(night);
    const last = out.at(-1);
    if (last !== undefined && JSON.stringify(last.value) === JSON.stringify(value)) {
      last.last = night;
    } else out.push({ first: night, last: night, value });
  }
  return out;
}

/** A run's `timerange`: both ends nights (the default), or the end the day after (the setting). */
const timerange = (run: Run<unknown>) => ({
  start: dashedYmd(run.first),
  end: dashedYmd(getConfig().douyinHotel.timerangeEndInclusive ? run.last : dayAfter(run.last)),
});

/** One call of a save, its `save_result` read item by item: any non-zero code fails the push. */
async function save(path: string, body: Record<string, unknown>): Promise<void> {
  const outcome = await callDouyin(path, body, 'header');
  if (outcome.kind !== 'ok') throw new PushFailed(`${path}: ${outcome.detail}`, outcome.kind !== 'permanent');
  const results = ((outcome.value as { data?: { save_result?: unknown } }).data?.save_result ?? []) as {
    rate_plan_id?: string;
    code?: number;
    message?: string;
  }[];
  const refused = results.filter((result) => Number(result.code ?? 0) !== 0);
  if (refused.length > 0) {
    throw new PushFailed(
      `${path}: ${refused.map((result) => `${result.rate_plan_id} code ${result.code} ${result.message ?? ''}`.trim()).join('; ')}`,
      false,
    );
  }
}

const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

/** The plans of a room type sold on the calendar room, with their rate_plan_ids. */
function plansToPush(entry: CatalogEntry): { plan: RatePlan; ratePlanId: string }[] {
  return plansOf(entry.roomType).flatMap((plan) => {
    const ratePlanId = plan.channels[DOUYIN_HOTEL]?.ratePlanId;
    return sellsOn(plan, DOUYIN_HOTEL) && ratePlanId !== undefined ? [{ plan, ratePlanId }] : [];
  });
}

/** What one push sent: calls made and nights covered. */
export interface Pushed {
  calls: number;
  aris: number;
  nights: number;
}

/**
 * Pushes what a room type is owed and settles it; nothing owed (another push took it) is nothing to do.
 * @throws PushFailed when Douyin refused or could not be reached: the debt stays owed.
 */
export async function pushAri(roomType: string, now = Date.now()): Promise<Pushed> {
  const done: Pushed = { calls: 0, aris: 0, nights: 0 };
  const owed = await stores().pushes.get(DOUYIN_HOTEL, roomType);
  if (owed === undefined) return done;
  const entry = await stores().catalog.roomType(roomType);
  const plans = entry === undefined ? [] : plansToPush(entry);
  // Douyin keeps nothing before today or beyond a year (reference §3.7): the owed range is clamped to that.
  const today = entry === undefined ? owed.first : hotelClock(entry.hotel.timeZone, now).today;
  const horizon = formatYmd(new Date(Date.parse(`${dashedYmd(today)}T00:00:00Z`) + (HORIZON_DAYS - 1) * 86_400_000));
  const first = owed.first < today ? today : owed.first;
  const last = owed.last > horizon ? horizon : owed.last;
  if (entry === undefined || plans.length === 0 || last < first) {
    await stores().pushes.settle(DOUYIN_HOTEL, roomType, owed.version);
    return done;
  }
  const { accountId } = getConfig().douyin;
  if (accountId === undefined) throw new PushFailed('DOUYIN_ACCOUNT_ID is not set: Douyin takes no ARI push without it', false);
  const nights = nightsBetween(first, dayAfter(last), HORIZON_DAYS + 1);
  const stored = await storedNights(roomType, first, last);
  const stock = entry.roomType.inventory === undefined ? undefined : stockFrom(stored, nights, entry.roomType.inventory);
  const prices: Record<string, unknown>[] = [];
  const rooms: Record<string, unknown>[] = [];
  for (const { plan, ratePlanId } of plans) {
    for (const run of runs(nights, (night) => sellingPrice(entry, plan, DOUYIN_HOTEL, night, stored) ?? -1)) {
      prices.push({ rate_plan_id: ratePlanId, timerange: timerange(run), original_amount: run.value, currency: 'CNY' });
    }
    const roomsOn = (night: string) => {
      const left = closedTo(plan, DOUYIN_HOTEL, night, stored)
        ? 0
        : Math.max(0, stock?.[nights.indexOf(night)]?.available ?? UNMANAGED_INVENTORY);
      return { inventory: left, available: left > 0 && sellingPrice(entry, plan, DOUYIN_HOTEL, night, stored) !== undefined };
    };
    for (const run of runs(nights, roomsOn)) rooms.push({ rate_plan_id: ratePlanId, timerange: timerange(run), ...run.value });
  }
  const hotelId = entry.hotel.douyinHotelId;
  for (const aris of chunks(prices, ARIS_PER_CALL)) {
    await save(PRICE_SAVE_PATH, { account_id: accountId, ...(hotelId === undefined ? {} : { hotel_id: hotelId }), aris });
    done.calls += 1;
  }
  for (const aris of chunks(rooms, ARIS_PER_CALL)) {
    await save(STOCK_SAVE_PATH, { account_id: accountId, ...(hotelId === undefined ? {} : { hotel_id: hotelId }), aris });
    done.calls += 1;
  }
  for (const ids of chunks(
    plans.map(({ ratePlanId }) => ratePlanId),
    ARIS_PER_CALL,
  )) {
    await save(ARI_NOTIFY_PATH, {
      account_id: accountId,
      rate_plan_ids: ids,
      date_range: { start: dashedYmd(first), end: dashedYmd(last) },
      notify_scene: [1, 2, 3],
    });
    done.calls += 1;
  }
  await stores().pushes.settle(DOUYIN_HOTEL, roomType, owed.version);
  return { ...done, aris: prices.length + rooms.length, nights: nights.length };
}
