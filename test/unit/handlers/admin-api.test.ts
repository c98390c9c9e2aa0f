/**
 * The admin API (SPEC §5b, §10) through its Lambdas on the in-memory stores, with tokens of a user pool on
 * loopback: each Lambda checks the token and the group itself; a change is checked as a whole, applied night
 * by night with a weekday mask, read back by the grid and by both channels, and kept in the history with who.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyChanges } from '../../../lib/app/ari.js';
import { writeCatalog } from '../../../lib/app/catalog.js';
import { parseCatalog } from '../../../lib/catalog/catalog.js';
import { ADMIN_FUNCTIONS } from '../../../lib/http/routes.js';
import { dashedYmd, formatYmd, parseYmd } from '../../../lib/orders/index.js';
import { day, night } from '../../../local/calendar.js';
import { catalogWithRatePlans, GARDEN, GARDEN_HOTEL } from '../../fixtures/rate-plans.js';
import { CLIENT_ID, POOL_ID, startTestPool, type TestPool } from '../../support/tokens.js';
import { commitBody, partnerToken, startUnitStack, type UnitStack } from './unit-stack.js';

let stack: UnitStack;
let pool: TestPool;
beforeEach(async () => {
  pool = await startTestPool();
  stack = await startUnitStack({
    ADMIN_USER_POOL_ID: POOL_ID,
    ADMIN_CLIENT_ID: CLIENT_ID,
    ADMIN_COGNITO_ENDPOINT: pool.endpoint,
  });
  await writeCatalog(parseCatalog(catalogWithRatePlans()));
});
afterEach(async () => {
  await stack.stop();
  await pool.stop();
});

const revenue = () => pool.token('mia', ['revenue']);
const change = (set: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  roomType: GARDEN,
  ratePlan: 'BAR',
  from: day(20),
  to: day(34),
  set,
  ...extra,
});
const post = (changes: unknown[], token = revenue(), headers: Record<string, string> = {}) =>
  stack.admin('POST', '/admin/ari', { token, body: { changes }, headers });
const grid = (from = 20, to = 34) =>
  stack.admin('GET', `/admin/ari?hotel=${GARDEN_HOTEL}&from=${day(from)}&to=${day(to)}`, {
    token: pool.token('val', ['viewer']),
  });
const weekday = (n: number) => ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][(parseYmd(night(n)) as Date).getUTCDay()];

type GridBody = {
  roomTypes: {
    ratePlans: { code: string; nights: { night: string; price?: number; prices: Record<string, number>; minStay?: number }[] }[];
    nights: { night: string; allotment?: number }[];
  }[];
};
const planNights = async (code: string) =>
  ((await grid()).body as unknown as GridBody).roomTypes[0]?.ratePlans.find((plan) => plan.code === code)?.nights ?? [];

describe('who may call the admin API', () => {
  it.each([
    ['no token', undefined, 401],
    ['a token signed with another key', () => pool.token('eve', ['operator'], {}, pool.strangerKey), 401],
    ['an expired token', () => pool.token('mia', ['revenue'], { exp: Math.floor(Date.now() / 1000) - 60 }), 401],
    ['an id token', () => pool.token('mia', ['revenue'], { token_use: 'id' }), 401],
    ['a token of another app client', () => pool.token('mia', ['revenue'], { client_id: 'other' }), 401],
    ['a viewer', () => pool.token('val', ['viewer']), 403],
  ])('refuses a change with %s (%i) and changes nothing', async (_name, token, status) => {
    const reply = await stack.admin('POST', '/admin/ari', {
      ...(token === undefined ? {} : { token: token() }),
      body: { changes: [change({ price: 1 })] },
    });
    expect(reply.status).toBe(status);
    expect((await planNights('BAR'))[0]).toMatchObject({ price: 50000 });
    expect(
      (await stack.admin('GET', `/admin/ari/history?roomType=${GARDEN}&from=${day(20)}&to=${day(34)}`, { token: revenue() }))
        .body,
    ).toEqual({ entries: [] });
  });

  it('lets a viewer read the grid and the history, and nobody read them without a token', async () => {
    expect((await grid()).status).toBe(200);
    expect((await stack.admin('GET', `/admin/ari?hotel=${GARDEN_HOTEL}&from=${day(20)}&to=${day(21)}`)).status).toBe(401);
  });

  it('serves the admin API’s OpenAPI document to a signed-in user, naming every admin route', async () => {
    const document = await stack.admin('GET', '/admin/openapi.json', { token: pool.token('val', ['viewer']) });
    expect(document.status).toBe(200);
    // Every admin route is in it: a route added without its documentation fails here.
    expect(Object.keys(document.body.paths as object).sort()).toEqual([...new Set(ADMIN_FUNCTIONS.map((fn) => fn.path))].sort());
    expect((await stack.admin('GET', '/admin/openapi.json')).status).toBe(401);
  });

  it('tells the console its user pool without a token', async () => {
    expect(await stack.admin('GET', '/console/config.json')).toEqual({
      status: 200,
      body: { region: 'us-east-1', userPoolId: POOL_ID, clientId: CLIENT_ID, endpoint: pool.endpoint },
    });
  });
});

describe('changing ARI', () => {
  it('sets a price on the weekdays asked, which the grid, Douyin’s pull and the derived plan show, and keeps who did it', async () => {
    const days = [weekday(20), weekday(21)];
    const reply = await post([change({ price: 60000 }, { days })]);
    expect(reply.status).toBe(200);
    const written = (reply.body.applied as { nights: string[] }[])[0]?.nights ?? [];
    expect(written).toEqual(
      Array.from({ length: 14 }, (_, index) => 20 + index)
        .filter((n) => days.includes(weekday(n)))
        .map(day),
    );

    const bar = await planNights('BAR');
    expect(bar[0]).toMatchObject({ night: day(20), price: 60000, prices: { douyin: 60000, partner: 64800 } });
    expect(bar[2]).toMatchObject({ night: day(22), price: 50000 });
    expect((await planNights('NRF'))[0]).toMatchObject({ price: 52800, prices: { douyin: 52800, partner: 57024 } });
    expect((await stack.douyinGet({ spu_ext_id: `${GARDEN}-NRF`, start_date: night(20), end_date: night(21) })).data).toEqual([
      expect.objectContaining({ price: 52800 }),
    ]);

    const history = await stack.admin('GET', `/admin/ari/history?roomType=${GARDEN}&ratePlan=BAR&from=${day(20)}&to=${day(21)}`, {
      token: revenue(),
    });
    expect(history.body.entries).toEqual([
      {
        at: expect.any(String),
        who: 'mia',
        source: 'api',
        roomType: GARDEN,
        ratePlan: 'BAR',
        night: day(20),
        field: 'price',
        after: 60000,
      },
    ]);
  });

  it('sets rules and clears one back to the plan’s default with null, each in the history', async () => {
    await post([change({ minStay: 2, closedFor: ['partner'] })]);
    await post([change({ minStay: null })]);
    expect((await planNights('BAR'))[0]).toMatchObject({ closedFor: ['partner'] });
    expect((await planNights('BAR'))[0]?.minStay).toBeUndefined();
    const history = await stack.admin('GET', `/admin/ari/history?roomType=${GARDEN}&from=${day(20)}&to=${day(21)}`, {
      token: revenue(),
    });
    const fields = (history.body.entries as { field: string; before?: unknown; after?: unknown }[]).map(
      ({ field, before, after }) => ({ field, before, after }),
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        { field: 'minStay', before: 2, after: undefined },
        { field: 'minStay', before: undefined, after: 2 },
      ]),
    );
  });

  it('sets a plan’s markup on one channel, which prices every night there at once, and puts it back with null', async () => {
    const reply = await post([change({ markup: { partner: 10 } })]);
    expect(reply).toMatchObject({ status: 200, body: { applied: [{ index: 0, nights: [] }] } });
    expect((await planNights('BAR'))[0]).toMatchObject({ price: 50000, prices: { douyin: 50000, partner: 55000 } });
    // NRF has its own markup (the catalog's 8 %).
    expect((await planNights('NRF'))[0]).toMatchObject({ prices: { douyin: 44000, partner: 47520 } });
    const quoted = await stack.partnerPost(
      'partner',
      `<RoomAvailabilityRequest>${partnerToken()}<HotelCode>${GARDEN_HOTEL}</HotelCode><RoomTypeCode>${GARDEN}</RoomTypeCode><RateCode>BAR</RateCode><CheckIn>${day(20)}</CheckIn><CheckOut>${day(21)}</CheckOut><PaxRooms><PaxRoom><Adults>2</Adults></PaxRoom></PaxRooms></RoomAvailabilityRequest>`,
    );
    expect(quoted).toContain('<TotalPrice>550.00</TotalPrice>');

    await post([change({ markup: { partner: null } })]);
    expect((await planNights('BAR'))[0]).toMatchObject({ prices: { partner: 54000 } });
    const history = await stack.admin('GET', `/admin/ari/history?roomType=${GARDEN}&ratePlan=BAR&from=${day(20)}&to=${day(21)}`, {
      token: revenue(),
    });
    expect(
      (history.body.entries as { field: string; before: unknown; after: unknown }[]).map(({ field, before, after }) => ({
        field,
        before,
        after,
      })),
    ).toEqual(
      // Both changes may share a millisecond (the clock stands still when the run moves it ahead): no order asked.
      expect.arrayContaining([
        { field: 'markup.partner', before: 10, after: 8 },
        { field: 'markup.partner', before: 8, after: 10 },
      ]),
    );
    expect(history.body.entries).toHaveLength(2);
  });

  it('refuses a markup for a channel nobody registered, or of −100 % or less', async () => {
    const reply = await post([change({ markup: { fliggy: 5 } }), change({ markup: { partner: -100 } })]);
    expect(reply.status).toBe(400);
    expect((reply.body.errors as { path: string }[]).map((error) => error.path)).toEqual([
      'changes[0].set.markup.fliggy',
      'changes[1].set.markup.partner',
    ]);
  });

  it('checks the whole request first: every bad change named by its index and field, nothing written', async () => {
    const reply = await post([
      change({ price: 61000 }),
      { ...change({ price: 1 }), ratePlan: 'NRF' },
      change({ minStay: 3, maxStay: 2 }),
      { ...change({ price: 1 }), ratePlan: 'XYZ' },
      { ...change({ price: 1 }), roomType: 'RT-NONE' },
      change({ minstay: 2 }),
      change({ closedFor: ['fliggy'] }),
      change({ price: 1 }, { to: day(20) }),
    ]);
    expect(reply.status).toBe(400);
    const paths = (reply.body.errors as { path: string }[]).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['changes[5].set']));
    expect((await planNights('BAR'))[0]).toMatchObject({ price: 50000 });

    const semantic = await post([
      change({ price: 61000 }),
      { ...change({ price: 1 }), ratePlan: 'NRF' },
      change({ minStay: 3, maxStay: 2 }),
      { ...change({ price: 1 }), ratePlan: 'XYZ' },
      { ...change({ price: 1 }), roomType: 'RT-NONE' },
      change({ closedFor: ['fliggy'] }),
      change({ price: 1 }, { to: day(20) }),
      change({ price: 1 }, { to: day(800) }),
    ]);
    expect(semantic.status).toBe(400);
    expect((semantic.body.errors as { path: string }[]).map((error) => error.path)).toEqual([
      'changes[1].set.price',
      'changes[2].set.minStay',
      'changes[3].ratePlan',
      'changes[4].roomType',
      'changes[5].set.closedFor[0]',
      'changes[6].to',
      'changes[7].to',
    ]);
    expect((await planNights('BAR'))[0]).toMatchObject({ price: 50000 });
  });

  it.each([
    ['a body that is not JSON', { rawBody: '{"changes": [' }, 400],
    ['a body over 1 MiB', { rawBody: JSON.stringify({ changes: [], pad: 'x'.repeat(1024 * 1024) }) }, 413],
    ['no change', { body: { changes: [] } }, 400],
  ])('answers %s with %i', async (_name, options, status) => {
    expect((await stack.admin('POST', '/admin/ari', { token: revenue(), ...options })).status).toBe(status);
  });

  it('answers 413 for more than 50,000 nights in one request', async () => {
    const changes = Array.from({ length: 70 }, () => change({ price: 1 }, { to: day(20 + 730) }));
    expect((await post(changes)).status).toBe(413);
  });

  it('refuses an allotment below what is held (409, naming the nights) unless forced', async () => {
    await stack.douyinPost(
      'commit',
      commitBody({ spu_ext_id: GARDEN, status: 1, check_in: night(22), check_out: night(24), total_price: 0 }),
    );
    const lower = { roomType: GARDEN, from: day(20), to: day(25), set: { allotment: 0 } };
    const refused = await post([lower]);
    expect(refused).toMatchObject({
      status: 409,
      body: { errors: [{ path: 'changes[0].set.allotment', message: expect.stringContaining(`${day(22)}, ${day(23)}`) }] },
    });
    expect((await post([{ ...lower, force: true }])).status).toBe(200);
    const rooms = ((await grid(20, 25)).body as unknown as GridBody).roomTypes[0]?.nights ?? [];
    expect(rooms.map((room) => room.allotment)).toEqual([0, 0, 0, 0, 0]);
  });

  it('answers a repeat under its Idempotency-Key as the first time even after rooms were held above what it set', async () => {
    const lower = [{ roomType: GARDEN, from: day(50), to: day(51), set: { allotment: 1 } }];
    const first = await post(lower, revenue(), { 'idempotency-key': 'k-held' });
    await stack.stores.nights.setAllotment(GARDEN, night(50), 2, false);
    for (const spu of [GARDEN, `${GARDEN}-NRF`]) {
      await stack.douyinPost(
        'commit',
        commitBody({ spu_ext_id: spu, status: 1, check_in: night(50), check_out: night(51), total_price: 0 }),
      );
    }
    expect((await stack.stores.nights.read(GARDEN, { first: night(50), last: night(50) })).get(night(50))).toMatchObject({
      held: 2,
    });

    expect(await post(lower, revenue(), { 'idempotency-key': 'k-held' })).toEqual(first);
    expect((await post(lower)).status).toBe(409);
  });

  it('answers a request sent again under its Idempotency-Key as the first time, applied once; another body under it is 409', async () => {
    const key = { 'idempotency-key': 'k-1' };
    const first = await post([change({ price: 61000 })], revenue(), key);
    const again = await post([change({ price: 61000 })], revenue(), key);
    expect(again).toEqual(first);
    const history = await stack.admin('GET', `/admin/ari/history?roomType=${GARDEN}&from=${day(20)}&to=${day(34)}`, {
      token: revenue(),
    });
    expect((history.body.entries as unknown[]).length).toBe(14);
    expect((await post([change({ price: 62000 })], revenue(), key)).status).toBe(409);
  });
});

describe('a change cut short by the store', () => {
  it('keeps in the history exactly the nights it wrote before failing, and writes no batch after the failure', async () => {
    const setPlanNight = stack.stores.nights.setPlanNight.bind(stack.stores.nights);
    vi.spyOn(stack.stores.nights, 'setPlanNight').mockImplementation((spu, n, plan, changed) =>
      n === night(30) ? Promise.reject(new Error('InternalServerError')) : setPlanNight(spu, n, plan, changed),
    );
    const actor = { who: 'mia', source: 'api' as const };

    await expect(
      applyChanges([{ roomType: GARDEN, ratePlan: 'BAR', from: night(20), to: night(80), set: { price: 61000 } }], actor),
    ).rejects.toThrow('InternalServerError');

    const history = await stack.stores.ariHistory.list(GARDEN, { first: night(20), last: night(80) }, 'BAR');
    // The first batch (nights 20–44) less the failed night 30: written and recorded; nothing after it.
    expect(history.map((entry) => entry.night).sort()).toEqual(
      Array.from({ length: 25 }, (_, index) => night(20 + index)).filter((n) => n !== night(30)),
    );
    expect(
      (await stack.stores.nights.read(GARDEN, { first: night(45), last: night(45) })).get(night(45))?.plans.BAR,
    ).toBeUndefined();
  });
});

// Keeps the helpers honest about the calendar they work on.
it('knows the test calendar’s weekdays', () => {
  expect(dashedYmd(formatYmd(parseYmd(night(20)) as Date))).toBe(day(20));
});
