/**
 * Benchmark g: rate plans and ARI (issue 28's figures). The partner's HotelRooms for a hotel of 10 room types
 * × 3 rate plans over 14 nights at concurrency 10, with the DynamoDB requests each makes; and one
 * `POST /admin/ari` of 20 changes × 365 nights, signed in through the Cognito stand-in, with the history it
 * writes. In-process on the local stack; the load runs in the same process, so it shares the two cores.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { stores } from '../../lib/store/stores.js';
import { day, testCatalog } from '../calendar.js';
import { countQueries, partnerPost, partnerToken, withBenchStack } from './bench-stack.js';
import { percentile, table } from './stats.js';

export const HOTEL = '30000001';
const ROOM_TYPES = 10;

/** The example catalog with a hotel of 10 room types × 3 plans (BAR, NRF derived −12 %, BB derived +8,000 fen). */
export function catalogOfPlans() {
  const catalog = testCatalog();
  const plan = (code: string, extra: Record<string, unknown>) => ({
    code,
    name: code,
    englishName: code,
    paymentType: 1,
    refundable: false,
    board: { code: 'RoomOnly', count: 0 },
    ...extra,
  });
  const roomTypes = Array.from({ length: ROOM_TYPES }, (_, index) => ({
    spuExtId: `RT-B-${index}`,
    name: `Room ${index}`,
    englishName: `Room ${index}`,
    maxOccupancy: 2,
    inventory: { default: 1_000 },
    ratePlans: [
      plan('BAR', { nightlyPrices: { default: 50_000 + index * 1_000 }, channels: { partner: { markupPercent: 8 } } }),
      plan('NRF', { derivedFrom: { ratePlan: 'BAR', percent: -12 }, channels: { partner: { markupPercent: 8 } } }),
      plan('BB', { derivedFrom: { ratePlan: 'BAR', amount: 8_000 }, rules: { minStay: 1 } }),
    ],
  }));
  const [first] = catalog.hotels;
  return { hotels: [...catalog.hotels, { ...first, supplierExtId: 'SUP-BENCH', hotelCode: HOTEL, roomTypes }] };
}

export function ariBenchmark(): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'channel-hub-bench-ari-')), 'catalog.json');
  writeFileSync(file, JSON.stringify(catalogOfPlans()));
  return withBenchStack(
    { console: true, trackInvocations: true, env: { CATALOG_FILE: file, CONSOLE_USERS: 'bench:revenue:Bench-pass-1!' } },
    async ({ stack }) => {
      const queries = countQueries();
      const hotelRooms = () =>
        `<HotelRoomsRequest>${partnerToken()}<HotelCode>${HOTEL}</HotelCode><CheckIn>${day(30)}</CheckIn><CheckOut>${day(44)}</CheckOut><PaxRooms><PaxRoom><RoomIndex>1</RoomIndex><Adults>2</Adults><Children>0</Children></PaxRoom></PaxRooms></HotelRoomsRequest>`;
      // Warm-up, then one counted request, then 10 concurrent for 10 s.
      for (let i = 0; i < 5; i++) await partnerPost(`${stack.url}/hotelRooms`, hotelRooms());
      queries.clear();
      const sample = await (await partnerPost(`${stack.url}/hotelRooms`, hotelRooms())).text();
      const rates = (sample.match(/<RateCode>/g) ?? []).length;
      const queriesPerRequest = queries.get('partner-hotel-rooms') ?? 0;
      const latencies: number[] = [];
      let errors = 0;
      const until = Date.now() + 10_000;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (Date.now() < until) {
            const started = performance.now();
            const text = await (await partnerPost(`${stack.url}/hotelRooms`, hotelRooms())).text();
            latencies.push(performance.now() - started);
            if (!text.includes('<RateKey>')) errors += 1;
          }
        }),
      );

      const cognito = stack.cognito;
      if (cognito === undefined) throw new Error('the bench stack has no user pool');
      const client = new CognitoIdentityProviderClient({
        endpoint: cognito.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      const { AuthenticationResult } = await client.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: cognito.clientId,
          AuthParameters: { USERNAME: 'bench', PASSWORD: 'Bench-pass-1!' },
        }),
      );
      client.destroy();
      const changes = Array.from({ length: 20 }, (_, index) => ({
        roomType: `RT-B-${index % ROOM_TYPES}`,
        ratePlan: 'BAR',
        from: day(30),
        to: day(30 + 365),
        set: index < ROOM_TYPES ? { price: 60_000 + index } : { minStay: 2, closedFor: ['douyin'] },
      }));
      const started = performance.now();
      const reply = await fetch(`${stack.url}/admin/ari`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${AuthenticationResult?.AccessToken ?? ''}` },
        body: JSON.stringify({ changes }),
      });
      const applyMs = performance.now() - started;
      const written = ((await reply.json()) as { applied?: { nights: string[] }[] }).applied?.reduce(
        (sum, one) => sum + one.nights.length,
        0,
      );
      let history = 0;
      for (let index = 0; index < ROOM_TYPES; index++) {
        history += (await stores().ariHistory.list(`RT-B-${index}`, { first: '00000000', last: '99999999' })).length;
      }
      return [
        'g. rate plans and ARI',
        table(
          ['what', 'figure'],
          [
            ['HotelRooms, 10 room types × 3 plans × 14 nights: rates offered', rates],
            ['DynamoDB Query per HotelRooms request', queriesPerRequest],
            ['requests at concurrency 10 over 10 s (errors)', `${latencies.length} (${errors})`],
            ['p50 / p99 ms', `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)}`],
            ['POST /admin/ari, 20 changes × 365 nights: HTTP status', reply.status],
            ['nights written', written ?? '-'],
            ['time to apply, ms', applyMs.toFixed(0)],
            ['history entries written', history],
          ],
        ),
        'target: HotelRooms p99 < 1 s at concurrency 10, one Query per room type.',
      ].join('\n');
    },
  );
}
