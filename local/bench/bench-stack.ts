/** What the benchmarks share: a local stack with fake partners, a commit body and Douyin's signed POST. */

import { signSpi } from '../../lib/douyin/signature.js';
import { partnerSignature } from '../../lib/partner/auth.js';
import { mintRateKey } from '../../lib/partner/rate-key.js';
import { dynamo } from '../../lib/store/dynamodb/client.js';
import { night, testCatalog } from '../calendar.js';
import { type StackWithFakes, startStackWithFakes } from '../fakes/stack-with-fakes.js';
import { invocation } from '../handlers.js';
import type { LocalStackOptions } from '../stack.js';

const BENCH_KEY = 'bench';
export const BENCH_SECRET = 'bench-secret';
const BENCH_PARTNER = { user: 'bench-partner', password: 'bench-password' };

/** Runs `use` against a local stack (signatures required) with fake Douyin and AX, then stops them all. */
export async function withBenchStack<T>(options: LocalStackOptions, use: (bench: StackWithFakes) => Promise<T>): Promise<T> {
  const bench = await startStackWithFakes({
    console: false,
    clientKey: BENCH_KEY,
    clientSecret: BENCH_SECRET,
    ...options,
    env: { PARTNER_CREDENTIALS: `${BENCH_PARTNER.user}:${BENCH_PARTNER.password}`, ...options.env },
  });
  try {
    return await use(bench);
  } finally {
    await bench.stop();
  }
}

/** A valid commit for the example catalog: two nights whose catalog prices add up to the total. */
export function benchCommit(orderId: string, overrides: Record<string, unknown> = {}) {
  return {
    order_id: orderId,
    spu_ext_id: 'RT-DLX-TWIN',
    status: 1,
    reserve_amount: 1,
    customer_name: 'Bench Guest',
    customer_phone: '13800000000',
    check_in: night(22),
    check_out: night(24),
    total_price: 137600,
    ...overrides,
  };
}

/**
 * A stay of the room type sold from its own allotment (RT-FAM-SUITE): `nights` nights, its check-in spread
 * over 300 days by `sequence` as real bookings are, so concurrent commits rarely hold the same nights, or,
 * `hot`, every stay on the same nights (a holiday, a live-stream sale, both channels at once).
 */
export function benchSuiteCommit(orderId: string, sequence: number, options: { nights?: number; hot?: boolean } = {}) {
  const nights = options.nights ?? 3;
  const checkIn = Date.UTC(2027, 0, 1) + (options.hot === true ? 40 : sequence % 300) * 86_400_000;
  const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
  return benchCommit(orderId, {
    spu_ext_id: 'RT-FAM-SUITE',
    check_in: ymd(checkIn),
    check_out: ymd(checkIn + nights * 86_400_000),
    total_price: nights * 98800,
  });
}

/** The example catalog with an allotment no benchmark runs out of. */
export function benchCatalog(): unknown {
  const catalog = testCatalog() as { hotels: { roomTypes: { spuExtId: string; inventory?: unknown }[] }[] };
  for (const roomType of catalog.hotels[0]?.roomTypes ?? []) {
    if (roomType.inventory !== undefined) roomType.inventory = { default: 1_000_000 };
  }
  return catalog;
}

/** POSTs a body to `url`, signed as Douyin signs it. */
export function signedPost(url: string, body: unknown): Promise<Response> {
  const text = JSON.stringify(body);
  const query = new URLSearchParams({ client_key: BENCH_KEY, timestamp: String(Date.now()) });
  return fetch(`${url}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-life-sign': signSpi(BENCH_SECRET, query, Buffer.from(text)) },
    body: text,
  });
}

/** The suite's night price in fen (the example catalog's BAR for RT-FAM-SUITE). */
const SUITE_NIGHT_FEN = 98800;

/** The partner's signed token for now, as its requests carry it. */
export function partnerToken(): string {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = partnerSignature(BENCH_PARTNER.user, BENCH_PARTNER.password, timestamp);
  return `<AuthenticationToken><Username>${BENCH_PARTNER.user}</Username><RequestTimestamp>${timestamp}</RequestTimestamp><Signature>${signature}</Signature></AuthenticationToken>`;
}

/** The suite's stay for `sequence`, as the partner names it: nights spread over 300 days, as benchSuiteCommit's. */
function partnerStay(sequence: number, nights: number) {
  const checkIn = Date.UTC(2027, 0, 1) + (sequence % 300) * 86_400_000;
  const dashed = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { checkIn: dashed(checkIn), checkOut: dashed(checkIn + nights * 86_400_000) };
}

const stayXml = (stay: { checkIn: string; checkOut: string }) =>
  `<HotelCode>10021918</HotelCode><RoomTypeCode>RT-FAM-SUITE</RoomTypeCode><RateCode>BAR</RateCode><CheckIn>${stay.checkIn}</CheckIn><CheckOut>${stay.checkOut}</CheckOut>`;

/** A RoomAvailabilityRequest for one room of the suite, two adults, `nights` nights. */
export function benchAvailability(sequence: number, nights = 3): string {
  return `<RoomAvailabilityRequest>${partnerToken()}${stayXml(partnerStay(sequence, nights))}<RateKey></RateKey><PaxRooms><PaxRoom><RoomIndex>1</RoomIndex><Adults>2</Adults><Children>0</Children></PaxRoom></PaxRooms></RoomAvailabilityRequest>`;
}

/**
 * A CreateOrderRequest for one room of the suite, `nights` nights, with the RateKey RoomAvailability would
 * have handed for it (minted with the stack's RATE_KEY_SECRET, which the load client inherits), so only the
 * create is measured.
 */
export function benchCreate(orderId: string, sequence: number, nights = 3): string {
  const stay = partnerStay(sequence, nights);
  const totalFen = nights * SUITE_NIGHT_FEN;
  const rateKey = mintRateKey(
    process.env.RATE_KEY_SECRET ?? '',
    {
      hotelCode: '10021918',
      roomTypeCode: 'RT-FAM-SUITE',
      rateCode: 'BAR',
      checkIn: stay.checkIn.replaceAll('-', ''),
      checkOut: stay.checkOut.replaceAll('-', ''),
      rooms: 1,
      paymentType: 1,
      currency: 'CNY',
      totalFen,
    },
    Math.floor(Date.now() / 1000),
  );
  return `<CreateOrderRequest>${partnerToken()}<TaoBaoOrderId>${orderId}</TaoBaoOrderId>${stayXml(stay)}<RateKey>${rateKey}</RateKey><TotalPrice>${(totalFen / 100).toFixed(2)}</TotalPrice><CurrencyCode>CNY</CurrencyCode><ContactSurname>Guest</ContactSurname><ContactName>Bench</ContactName><ContactPhone>13800000000</ContactPhone><PaxNameRooms><PaxNameRoom><RoomIndex>1</RoomIndex><PaxNames><PaxName><Name>Bench</Name><Surname>Guest</Surname><Type>Adults</Type></PaxName></PaxNames></PaxNameRoom></PaxNameRooms></CreateOrderRequest>`;
}

/** A HotelRoomsRequest for the whole hotel: one room of two adults, `nights` nights. */
export function benchHotelRooms(sequence: number, nights = 14): string {
  const stay = partnerStay(sequence, nights);
  return `<HotelRoomsRequest>${partnerToken()}<HotelCode>10021918</HotelCode><CheckIn>${stay.checkIn}</CheckIn><CheckOut>${stay.checkOut}</CheckOut><PaxRooms><PaxRoom><RoomIndex>1</RoomIndex><Adults>2</Adults><Children>0</Children></PaxRoom></PaxRooms></HotelRoomsRequest>`;
}

/** GETs Douyin's pull of price and stock at `url`, signed over its query as Douyin signs it. */
export function signedGet(url: string, parameters: Record<string, string>): Promise<Response> {
  const query = new URLSearchParams({ ...parameters, client_key: BENCH_KEY, timestamp: String(Date.now()) });
  return fetch(`${url}?${query}`, { headers: { 'x-life-sign': signSpi(BENCH_SECRET, query, Buffer.alloc(0)) } });
}

/** POSTs the partner's XML to `url`. */
export function partnerPost(url: string, xml: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
}

/**
 * Counts the DynamoDB Queries each function makes from now on (the stack must track invocations), by name.
 * @example const queries = countQueries(); …; queries.get('partner-hotel-rooms')
 */
export function countQueries(): Map<string, number> {
  const queries = new Map<string, number>();
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const fn = invocation.getStore();
      if (fn !== undefined && context.commandName === 'QueryCommand') queries.set(fn, (queries.get(fn) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: `countQueries${Math.random()}` },
  );
  return queries;
}
