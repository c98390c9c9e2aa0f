/**
 * Inventory (SPEC §5) end to end on DynamoDB Local: a room type sold from our own allotment (the example
 * catalog's RT-FAM-SUITE: 8 rooms a night, 3 on night 23, none on night 30) is held atomically with the
 * order, never twice, released once, and shown to the partner and to ops.
 */

import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeCatalog as writeCatalogToTable } from '../../lib/app/catalog.js';
import { nightStock } from '../../lib/app/stock.js';
import { parseCatalog } from '../../lib/catalog/catalog.js';
import { stores } from '../../lib/store/stores.js';
import { day, night, testCatalog, testCatalogFile } from '../../local/calendar.js';
import { douyinOrder as getOrder } from '../../local/orders.js';
import {
  captureMetrics,
  commitBody,
  douyinPost,
  type Harness,
  ops,
  opsDataDir,
  orderRef,
  searchOrderXml,
  startHarness,
  waitFor,
} from './harness.js';

vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

const SUITE = 'RT-FAM-SUITE';
const inventory = { default: 8, [night(23)]: 3, [night(30)]: 0 };
const data = opsDataDir('inventory');
let harness: Harness;
let metrics: ReturnType<typeof captureMetrics>;
beforeAll(async () => {
  harness = await startHarness({ endpointsFile: data.endpointsFile });
  // Only now: the stack itself keeps its data in memory; ops finds it through the endpoints file here.
  process.env.DATA_DIR = data.dir;
  metrics = captureMetrics();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await harness.stop();
  data.remove();
});

/** A stay of the suite; each test keeps to nights of its own. */
function suiteCommit(nights: { check_in: string; check_out: string }, overrides: Record<string, unknown> = {}) {
  return commitBody({ spu_ext_id: SUITE, total_price: 0, ...nights, ...overrides });
}
const held = async (night: string) => (await nightStock(SUITE, [night], inventory))[0];

describe('inventory', () => {
  it('gives exactly as many holds as there are rooms to twelve concurrent commits, and 2 to the rest once paid', async () => {
    // Prepare: night 23 has 3 rooms.
    const bodies = Array.from({ length: 12 }, () =>
      suiteCommit({ check_in: night(23), check_out: night(24) }, { status: 1, total_price: 128800 }),
    );

    // Act
    const replies = await Promise.all(bodies.map((body) => douyinPost(harness.stack, 'commit', body)));

    // Assess: every commit is taken; three hold, nine are out of stock and confirmed 2.
    expect(replies.map((reply) => reply.error_code)).toEqual(Array(12).fill(0));
    const orders = await Promise.all(bodies.map((body) => getOrder(body.order_id)));
    const states = orders.map((order) => order?.inventory?.state);
    expect(states.filter((state) => state === 'held')).toHaveLength(3);
    expect(states.filter((state) => state === 'out-of-stock')).toHaveLength(9);
    for (const order of orders) {
      expect(order?.confirmStatus).toBe(order?.inventory?.state === 'held' ? 0 : 2);
    }
    expect(await held(night(23))).toEqual({ night: night(23), allotment: 3, held: 3, available: 0 });
    expect(metrics.counted('OutOfStock', { spuExtId: SUITE })).toBe(9);
  });

  it('holds every night of a stay or none: a stay across a full night holds nothing, and its payment notice answers 2', async () => {
    // Prepare: night 29 sold out by one order of 8 rooms; night 30 closed (stop-sell, 0).
    const full = suiteCommit({ check_in: night(29), check_out: night(30) }, { reserve_amount: 8 });
    await douyinPost(harness.stack, 'commit', full);
    const across = suiteCommit({ check_in: night(28), check_out: night(30) });
    const acrossStopSell = suiteCommit({ check_in: night(27), check_out: night(31) });

    const first = await douyinPost(harness.stack, 'commit', across);
    const second = await douyinPost(harness.stack, 'commit', acrossStopSell);
    const paid = await douyinPost(harness.stack, 'status', { ...orderRef(across, first.order_ext_id as string), status: 1 });

    expect([first.error_code, second.error_code]).toEqual([0, 0]);
    expect((await getOrder(across.order_id))?.inventory?.state).toBe('out-of-stock');
    expect((await getOrder(acrossStopSell.order_id))?.inventory?.state).toBe('out-of-stock');
    expect(paid).toMatchObject({ error_code: 0, status: 2 });
    for (const each of [night(27), night(28)]) expect(await held(each)).toMatchObject({ held: 0, available: 8 });
    expect(await held(night(29))).toMatchObject({ held: 8, available: 0 });
  });

  it('releases once on cancel, however often the cancel comes, and sells the room again', async () => {
    await stores().nights.setAllotment(SUITE, night(19), 3, false);
    const nights = { check_in: night(19), check_out: night(20) };
    const holding = await Promise.all(
      [1, 2, 3]
        .map(() => suiteCommit(nights))
        .map(async (body) => ({ body, reply: await douyinPost(harness.stack, 'commit', body) })),
    );
    const late = suiteCommit(nights);
    await douyinPost(harness.stack, 'commit', late);
    expect((await getOrder(late.order_id))?.inventory?.state).toBe('out-of-stock');

    const { body, reply } = holding[0] ?? { body: late, reply: { order_ext_id: '' } };
    const ref = orderRef(body, reply.order_ext_id as string);
    await Promise.all([1, 2, 3, 4, 5].map(() => douyinPost(harness.stack, 'cancel', ref)));

    expect((await getOrder(body.order_id))?.inventory?.state).toBe('released');
    expect(await held(night(19))).toMatchObject({ held: 2, available: 1 });
    const resale = suiteCommit(nights);
    await douyinPost(harness.stack, 'commit', resale);
    expect((await getOrder(resale.order_id))?.inventory?.state).toBe('held');
    expect(await held(night(19))).toMatchObject({ held: 3, available: 0 });
  });

  it('holds once for 25 concurrent duplicates of one commit', async () => {
    const body = suiteCommit({ check_in: night(9), check_out: night(12) }, { reserve_amount: 2 });
    const replies = await Promise.all(Array.from({ length: 25 }, () => douyinPost(harness.stack, 'commit', body)));
    expect(new Set(replies.map((reply) => reply.order_ext_id)).size).toBe(1);
    for (const each of [night(9), night(10), night(11)]) expect(await held(each)).toMatchObject({ held: 2, available: 6 });
  });

  it('releases what an order held when AX rejects it', async () => {
    // Prepare: the AX-mapped room type sold from an allotment too.
    const withInventory = testCatalog() as { hotels: { roomTypes: Record<string, unknown>[] }[] };
    const king = withInventory.hotels[0]?.roomTypes.find((roomType) => roomType.spuExtId === 'RT-STD-KING') as Record<
      string,
      unknown
    >;
    king.inventory = { default: 2 };
    await writeCatalogToTable(parseCatalog(withInventory));
    harness.ax.decision = 'Supplier reject';
    try {
      const body = commitBody({ spu_ext_id: 'RT-STD-KING', status: 1, check_in: night(14), check_out: night(15) });
      await douyinPost(harness.stack, 'commit', body);
      expect((await nightStock('RT-STD-KING', [night(14)], { default: 2 }))[0]).toMatchObject({ held: 1, available: 1 });

      await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 2, 15_000, 'Douyin told 2');
      // The nights are given back by their own piece of work, which the rejection owes.
      await waitFor(async () => (await getOrder(body.order_id))?.inventory?.state === 'released', 10_000, 'nights released');

      expect(await getOrder(body.order_id)).toMatchObject({ axRejected: true, inventory: { state: 'released' } });
      expect((await nightStock('RT-STD-KING', [night(14)], { default: 2 }))[0]).toMatchObject({ held: 0, available: 2 });
    } finally {
      harness.ax.decision = 'Supplier confirm';
      await writeCatalogToTable(parseCatalog(testCatalog()));
    }
  });

  it('tells the partner the smallest night’s available rooms as RateInfo/Allotment', async () => {
    const body = suiteCommit({ check_in: night(0), check_out: night(3) });
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    await douyinPost(harness.stack, 'commit', suiteCommit({ check_in: night(1), check_out: night(2) }, { reserve_amount: 2 }));

    const response = await fetch(`${harness.stack.url}/searchOrder`, {
      method: 'POST',
      body: searchOrderXml({ OrderId: order_ext_id as string }, { includeDetail: true }),
    });
    const answer = new XMLParser({ parseTagValue: false }).parse(await response.text()) as {
      SearchOrderResponse: { Hotel: { RoomTypes: { RoomType: { RateInfos: { RateInfo: Record<string, unknown> } } } } };
    };

    // night 0: 8 − 1, night 1: 8 − 3, night 2: 8 − 1.
    expect(answer.SearchOrderResponse.Hotel.RoomTypes.RoomType.RateInfos.RateInfo.Allotment).toBe('5');
  });

  it('lets ops show and set the allotment, never below what is held without --force, and a catalog load keeps the holds', async () => {
    await douyinPost(harness.stack, 'commit', suiteCommit({ check_in: night(4), check_out: night(6) }, { reserve_amount: 3 }));

    const shown = await ops('inventory', 'show', SUITE, day(4), day(7));
    const refused = await ops('inventory', 'set', SUITE, day(4), day(6), '2');
    const forced = await ops('inventory', 'set', SUITE, day(5), day(6), '2', '--force');
    const raised = await ops('inventory', 'set', SUITE, day(6), day(7), '10');
    const afterSet = await held(night(5));
    const reloaded = await ops('catalog', 'load', testCatalogFile());

    expect(shown.out.split('\n')).toEqual([
      `${SUITE}     allotment   held   available`,
      `${day(4)}           8      3           5`,
      `${day(5)}           8      3           5`,
      `${day(6)}           8      0           8`,
    ]);
    expect(refused.out).toBe(
      [
        `${day(4)} not set: 3 rooms are held; --force sets it below that`,
        `${day(5)} not set: 3 rooms are held; --force sets it below that`,
      ].join('\n'),
    );
    expect(forced.out).toBe(`${day(5)} allotment 2`);
    expect(afterSet).toMatchObject({ allotment: 2, held: 3, available: -1 });
    expect(raised.out).toBe(`${day(6)} allotment 10`);
    // Each set allotment is in the ARI history under the operator's name; the load's restoring is the catalog's.
    const history = (await ops('ari', 'history', SUITE, day(5), day(7))).out;
    expect(history).toMatch(new RegExp(`ops:.* \\(ops\\)  ${day(5)} \\(room\\) allotment: 8 → 2`));
    expect(history).toMatch(new RegExp(`ops:.* \\(ops\\)  ${day(6)} \\(room\\) allotment: 8 → 10`));
    expect(history).toMatch(new RegExp(`catalog \\(catalog\\)  ${day(6)} \\(room\\) allotment: 10 → 8`));
    expect(await held(night(5))).toMatchObject({ allotment: 8, held: 3, available: 5 }); // the load restored the catalog's 8
    expect(reloaded.code).toBe(0);
    expect(await held(night(6))).toMatchObject({ allotment: 8, held: 0 });
    expect((await ops('inventory', 'show', 'RT-DLX-TWIN', day(4), day(5))).out).toContain('has no inventory in the catalog');
  });
});
