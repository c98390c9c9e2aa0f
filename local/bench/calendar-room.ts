/**
 * Benchmark i: Douyin's calendar room (issue 30's figures), in-process on the local stack with the fakes.
 * The pull of 50 rate plans × 30 nights at 50 requests a second (Douyin's ask) against its floor, the same
 * ten Queries (one per room type) made directly; create-order throughput beside the legacy commit; and the
 * OpenAPI calls and the delay from one ARI change of 365 nights on 10 room types (50 plans) to its last push.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyChanges } from '../../lib/app/ari.js';
import { storedNights } from '../../lib/app/rates.js';
import { signSpi } from '../../lib/douyin/signature.js';
import { stores } from '../../lib/store/stores.js';
import { day, night, testCatalog } from '../calendar.js';
import { BENCH_SECRET, countQueries, signedPost, withBenchStack } from './bench-stack.js';
import { percentile, table } from './stats.js';

const HOTEL_ID = '7600000000000000001';
const ROOM_TYPES = 10;
const PLANS = ['BAR', 'NRF', 'BB', 'HB', 'FLEX'] as const;
const ratePlanId = (roomType: number, plan: number) => `18719286300${String(roomType).padStart(3, '0')}${plan}00`;

/** The example catalog with a hotel of 10 room types × 5 plans, every plan on the calendar room, BAR on the legacy SPI too. */
function catalogOfFifty() {
  const catalog = testCatalog();
  const [first] = catalog.hotels;
  const roomTypes = Array.from({ length: ROOM_TYPES }, (_, room) => ({
    spuExtId: `RT-CAL-${room}`,
    name: `Room ${room}`,
    englishName: `Room ${room}`,
    maxOccupancy: 2,
    inventory: { default: 1_000 },
    ratePlans: PLANS.map((code, plan) => ({
      code,
      name: code,
      englishName: code,
      paymentType: 1,
      refundable: plan === 0,
      ...(plan === 0 ? { cancelPolicies: [{ cancelTime: '16:00', startWindowHours: 24, nightCount: 1 }] } : {}),
      board: { code: 'RoomOnly', count: 0 },
      ...(plan === 0
        ? { nightlyPrices: { default: 50_000 + room * 1_000 } }
        : { derivedFrom: { ratePlan: 'BAR', percent: -plan * 3 } }),
      channels: {
        douyinHotel: { ratePlanId: ratePlanId(room, plan) },
        ...(plan === 0 ? { douyin: { spuExtId: `RT-CAL-${room}` } } : {}),
      },
    })),
  }));
  return {
    hotels: [
      ...catalog.hotels,
      { ...first, supplierExtId: 'SUP-CAL', hotelCode: '30000002', douyinHotelId: HOTEL_ID, roomTypes },
    ],
  };
}

/** A calendar-room SPI call as Douyin signs it. */
function hotelPost(url: string, body: unknown): Promise<Response> {
  const text = JSON.stringify(body);
  const query = new URLSearchParams({ client_key: 'bench', timestamp: String(Date.now()) });
  return fetch(`${url}?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-life-sign': signSpi(BENCH_SECRET, query, Buffer.from(text)) },
    body: text,
  });
}

/** Sends `rate` requests a second for `seconds`, each started on schedule (open loop); latencies in ms. */
async function openLoop(rate: number, seconds: number, send: () => Promise<boolean>) {
  const latencies: number[] = [];
  let errors = 0;
  const calls: Promise<void>[] = [];
  const started = performance.now();
  for (let index = 0; index < rate * seconds; index++) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    calls.push(
      (async () => {
        const at = performance.now();
        if (!(await send())) errors += 1;
        latencies.push(performance.now() - at);
      })(),
    );
  }
  await Promise.all(calls);
  return { latencies, errors };
}

/** 50 pulls a second for 10 s from local/bench/pull-client.ts, a process of its own. */
function pullFromAnotherProcess(
  url: string,
  body: unknown,
): Promise<{ requests: number; errors: number; p50: number; p99: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'local/bench/pull-client.ts', url, '50', '10', JSON.stringify(body)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '{}'))
        : reject(new Error(`pull client exited ${code}`)),
    );
  });
}

/** `count` requests at concurrency 10; per second. */
async function closedLoop(count: number, send: (index: number) => Promise<boolean>) {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < count) {
        const index = next++;
        const at = performance.now();
        if (!(await send(index))) errors += 1;
        latencies.push(performance.now() - at);
      }
    }),
  );
  return { perSecond: count / ((performance.now() - started) / 1000), latencies, errors };
}

export function calendarRoomBenchmark(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'channel-hub-bench-calendar-')), 'catalog.json');
  writeFileSync(file, JSON.stringify(catalogOfFifty()));
  return withBenchStack(
    { trackInvocations: true, env: { CATALOG_FILE: file, DOUYIN_ACCOUNT_ID: '7000000000000000001' } },
    async ({ stack, douyin }) => {
      const queries = countQueries();
      const pullBody = { hotel_ids: [HOTEL_ID], date_range: { start: day(30), end: day(59) } };
      const pull = async () => {
        const reply = (await (await hotelPost(`${stack.url}/douyin/hotel/ari-pull`, pullBody)).json()) as {
          data: { error_code: number; room_rates?: unknown[] };
        };
        return reply.data.error_code === 0 && reply.data.room_rates?.length === ROOM_TYPES * PLANS.length;
      };
      for (let i = 0; i < 10; i++) await pull();
      queries.clear();
      await pull();
      const queriesPerPull = queries.get('douyin-hotel-ari-pull') ?? 0;
      const pulls = await openLoop(50, 10, pull);
      const separate = await pullFromAnotherProcess(`${stack.url}/douyin/hotel/ari-pull`, pullBody);
      const floor = await openLoop(50, 10, async () => {
        await Promise.all(Array.from({ length: ROOM_TYPES }, (_, room) => storedNights(`RT-CAL-${room}`, night(30), night(59))));
        return true;
      });
      // The same reads and the request's two writes (its history entry, the channel's calls of the minute).
      let floorSequence = 0;
      const floorWithWrites = await openLoop(50, 10, async () => {
        floorSequence += 1;
        await Promise.all([
          ...Array.from({ length: ROOM_TYPES }, (_, room) => storedNights(`RT-CAL-${room}`, night(30), night(59))),
          stores().history.append({
            route: 'floor',
            requestId: `floor-${floorSequence}`,
            at: Date.now(),
            bodyBytes: 120,
            bodySha256: '',
            authenticated: true,
            headers: {},
            outcome: { code: 0, description: 'success' },
            latencyMs: 0,
          }),
          stores().calls.record('floor', Date.now(), 'ok', '0'),
        ]);
        return true;
      });

      // Creates and legacy commits, 400 each at concurrency 10, on spread nights.
      const create = (index: number) => {
        const room = index % ROOM_TYPES;
        const from = 100 + (index % 60);
        return hotelPost(`${stack.url}/douyin/hotel/create-order`, {
          order_id: `1114${String(Date.now()).slice(-8)}${String(index).padStart(6, '0')}`,
          rate_plan_id: ratePlanId(room, 0),
          check_in_date: day(from),
          check_out_date: day(from + 1),
          number_of_units: 1,
          total_amount: 50_000 + room * 1_000,
          daily_rates: [{ original_amount: 50_000 + room * 1_000, period_start_date: day(from) }],
          contact_info: { name: 'Bench', phone: '13800000000' },
        }).then(async (reply) => ((await reply.json()) as { data: { error_code: number } }).data.error_code === 0);
      };
      const commit = (index: number) => {
        const room = index % ROOM_TYPES;
        const from = 200 + (index % 60);
        return signedPost(`${stack.url}/poi/ext/hotel/order/commit`, {
          order_id: `7000${String(Date.now()).slice(-8)}${String(index).padStart(6, '0')}`,
          spu_ext_id: `RT-CAL-${room}`,
          status: 1,
          reserve_amount: 1,
          customer_name: 'Bench',
          customer_phone: '13800000000',
          check_in: night(from),
          check_out: night(from + 1),
          total_price: 50_000 + room * 1_000,
        }).then(async (reply) => ((await reply.json()) as { error_code: number }).error_code === 0);
      };
      const creates = await closedLoop(400, create);
      const commits = await closedLoop(400, commit);

      // One change of a year of nights on every room type's BAR, which moves all 50 plans; then its pushes.
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      douyin.hotelCalls.length = 0;
      const changedAt = Date.now();
      await applyChanges(
        Array.from({ length: ROOM_TYPES }, (_, room) => ({
          roomType: `RT-CAL-${room}`,
          ratePlan: 'BAR',
          from: night(30),
          to: night(395),
          days: ['fri' as const, 'sat' as const],
          set: { price: 70_000 + room },
        })),
        { who: 'bench', source: 'api' },
      );
      const notified = new Set<string>();
      const deadline = Date.now() + 120_000;
      while (notified.size < ROOM_TYPES * PLANS.length && Date.now() < deadline) {
        for (const call of douyin.hotelCalls) {
          if (call.operation === 'hotel-ari-notify') for (const id of call.body.rate_plan_ids as string[]) notified.add(id);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const last = douyin.hotelCalls.filter((call) => call.operation === 'hotel-ari-notify').at(-1)?.at ?? Number.NaN;
      const byOperation = (operation: string) => douyin.hotelCalls.filter((call) => call.operation === operation);
      const aris = (operation: string) =>
        byOperation(operation).reduce((sum, call) => sum + (call.body.aris as unknown[]).length, 0);
      const ms = (values: number[], p: number) => percentile(values, p).toFixed(1);
      return [
        'i. Douyin’s calendar room',
        table(
          ['what', 'figure'],
          [
            ['pull, 50 rate plans × 30 nights: DynamoDB Query per pull', queriesPerPull],
            ['pull at 50/s for 10 s: requests (errors)', `${pulls.latencies.length} (${pulls.errors})`],
            ['pull p50 / p99 ms', `${ms(pulls.latencies, 50)} / ${ms(pulls.latencies, 99)}`],
            [
              'the same from a load process of its own: requests (errors), p50 / p99 ms',
              `${separate.requests} (${separate.errors}), ${separate.p50.toFixed(1)} / ${separate.p99.toFixed(1)}`,
            ],
            ['floor, the same 10 Queries at 50/s: p50 / p99 ms', `${ms(floor.latencies, 50)} / ${ms(floor.latencies, 99)}`],
            [
              'floor with the request’s 2 writes at 50/s: p50 / p99 ms',
              `${ms(floorWithWrites.latencies, 50)} / ${ms(floorWithWrites.latencies, 99)}`,
            ],
            ['create-order, 400 at concurrency 10: per s (errors)', `${creates.perSecond.toFixed(0)} (${creates.errors})`],
            ['create-order p50 / p99 ms', `${ms(creates.latencies, 50)} / ${ms(creates.latencies, 99)}`],
            ['legacy commit, the same: per s (errors)', `${commits.perSecond.toFixed(0)} (${commits.errors})`],
            ['legacy commit p50 / p99 ms', `${ms(commits.latencies, 50)} / ${ms(commits.latencies, 99)}`],
            [
              'ARI change, 10 room types × 365 nights (50 plans): price/save calls (aris)',
              `${byOperation('hotel-price-save').length} (${aris('hotel-price-save')})`,
            ],
            ['stock/save calls (aris)', `${byOperation('hotel-stock-save').length} (${aris('hotel-stock-save')})`],
            ['ari/notify calls; plans notified', `${byOperation('hotel-ari-notify').length}; ${notified.size}`],
            ['from the change to its last ari/notify, ms', (last - changedAt).toFixed(0)],
          ],
        ),
        'targets: the pull p99 under load near its floor; every push within 60 s of its change.',
      ].join('\n');
    },
  );
}
