/**
 * Inventory (SPEC §5) end to end on DynamoDB Local: a room type sold from our own allotment (the example
 * catalog's RT-FAM-SUITE: 8 rooms a night, 3 on 20261224, none on 20261231) is held atomically with the
 * order, never twice, released once, and shown to the partner and to ops.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeCatalog as writeCatalogToTable } from '../../lib/app/catalog.js';
import { douyinOrder as getOrder } from '../../lib/app/orders.js';
import { nightStock } from '../../lib/app/stock.js';
import example from '../../lib/catalog/catalog.example.json' with { type: 'json' };
import { EXAMPLE_CATALOG_FILE, parseCatalog } from '../../lib/catalog/catalog.js';
import { stores } from '../../lib/store/stores.js';
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
const inventory = { default: 8, '20261224': 3, '20261231': 0 };
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
    // Prepare: 20261224 has 3 rooms.
    const bodies = Array.from({ length: 12 }, () =>
      suiteCommit({ check_in: '20261224', check_out: '20261225' }, { status: 1, total_price: 128800 }),
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
    expect(await held('20261224')).toEqual({ night: '20261224', allotment: 3, held: 3, available: 0 });
    expect(metrics.counted('OutOfStock', { spuExtId: SUITE })).toBe(9);
  });

  it('holds every night of a stay or none: a stay across a full night holds nothing, and its payment notice answers 2', async () => {
    // Prepare: 20261230 sold out by one order of 8 rooms; 20261231 closed (stop-sell, 0).
    const full = suiteCommit({ check_in: '20261230', check_out: '20261231' }, { reserve_amount: 8 });
    await douyinPost(harness.stack, 'commit', full);
    const across = suiteCommit({ check_in: '20261229', check_out: '20261231' });
    const acrossStopSell = suiteCommit({ check_in: '20261228', check_out: '20270101' });

    const first = await douyinPost(harness.stack, 'commit', across);
    const second = await douyinPost(harness.stack, 'commit', acrossStopSell);
    const paid = await douyinPost(harness.stack, 'status', { ...orderRef(across, first.order_ext_id as string), status: 1 });

    expect([first.error_code, second.error_code]).toEqual([0, 0]);
    expect((await getOrder(across.order_id))?.inventory?.state).toBe('out-of-stock');
    expect((await getOrder(acrossStopSell.order_id))?.inventory?.state).toBe('out-of-stock');
    expect(paid).toMatchObject({ error_code: 0, status: 2 });
    for (const night of ['20261228', '20261229']) expect(await held(night)).toMatchObject({ held: 0, available: 8 });
    expect(await held('20261230')).toMatchObject({ held: 8, available: 0 });
  });

  it('releases once on cancel, however often the cancel comes, and sells the room again', async () => {
    await stores().nights.setAllotment(SUITE, '20261220', 3, false);
    const nights = { check_in: '20261220', check_out: '20261221' };
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
    expect(await held('20261220')).toMatchObject({ held: 2, available: 1 });
    const resale = suiteCommit(nights);
    await douyinPost(harness.stack, 'commit', resale);
    expect((await getOrder(resale.order_id))?.inventory?.state).toBe('held');
    expect(await held('20261220')).toMatchObject({ held: 3, available: 0 });
  });

  it('holds once for 25 concurrent duplicates of one commit', async () => {
    const body = suiteCommit({ check_in: '20261210', check_out: '20261213' }, { reserve_amount: 2 });
    const replies = await Promise.all(Array.from({ length: 25 }, () => douyinPost(harness.stack, 'commit', body)));
    expect(new Set(replies.map((reply) => reply.order_ext_id)).size).toBe(1);
    for (const night of ['20261210', '20261211', '20261212']) expect(await held(night)).toMatchObject({ held: 2, available: 6 });
  });

  it('releases what an order held when AX rejects it', async () => {
    // Prepare: the AX-mapped room type sold from an allotment too.
    const withInventory = structuredClone(example) as { hotels: { roomTypes: Record<string, unknown>[] }[] };
    const king = withInventory.hotels[0]?.roomTypes.find((roomType) => roomType.spuExtId === 'RT-STD-KING') as Record<
      string,
      unknown
    >;
    king.inventory = { default: 2 };
    await writeCatalogToTable(parseCatalog(withInventory));
    harness.ax.decision = 'Supplier reject';
    try {
      const body = commitBody({ spu_ext_id: 'RT-STD-KING', status: 1, check_in: '20261215', check_out: '20261216' });
      await douyinPost(harness.stack, 'commit', body);
      expect((await nightStock('RT-STD-KING', ['20261215'], { default: 2 }))[0]).toMatchObject({ held: 1, available: 1 });

      await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 2, 15_000, 'Douyin told 2');
      // The nights are given back by their own piece of work, which the rejection owes.
      await waitFor(async () => (await getOrder(body.order_id))?.inventory?.state === 'released', 10_000, 'nights released');

      expect(await getOrder(body.order_id)).toMatchObject({ axRejected: true, inventory: { state: 'released' } });
      expect((await nightStock('RT-STD-KING', ['20261215'], { default: 2 }))[0]).toMatchObject({ held: 0, available: 2 });
    } finally {
      harness.ax.decision = 'Supplier confirm';
      await writeCatalogToTable(parseCatalog(example));
    }
  });

  it('tells the partner the smallest night’s available rooms as RateInfo/Allotment', async () => {
    const body = suiteCommit({ check_in: '20261201', check_out: '20261204' });
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    await douyinPost(
      harness.stack,
      'commit',
      suiteCommit({ check_in: '20261202', check_out: '20261203' }, { reserve_amount: 2 }),
    );

    const response = await fetch(`${harness.stack.url}/searchOrder`, {
      method: 'POST',
      body: searchOrderXml({ OrderId: order_ext_id as string }, { includeDetail: true }),
    });
    const answer = new XMLParser({ parseTagValue: false }).parse(await response.text()) as {
      SearchOrderResponse: { Hotel: { RoomTypes: { RoomType: { RateInfos: { RateInfo: Record<string, unknown> } } } } };
    };

    // 20261201: 8 − 1, 20261202: 8 − 3, 20261203: 8 − 1.
    expect(answer.SearchOrderResponse.Hotel.RoomTypes.RoomType.RateInfos.RateInfo.Allotment).toBe('5');
  });

  it('lets ops show and set the allotment, never below what is held without --force, and a catalog load keeps the holds', async () => {
    await douyinPost(
      harness.stack,
      'commit',
      suiteCommit({ check_in: '20261205', check_out: '20261207' }, { reserve_amount: 3 }),
    );

    const shown = await ops('inventory', 'show', SUITE, '2026-12-05', '2026-12-08');
    const refused = await ops('inventory', 'set', SUITE, '2026-12-05', '2026-12-07', '2');
    const forced = await ops('inventory', 'set', SUITE, '2026-12-06', '2026-12-07', '2', '--force');
    const raised = await ops('inventory', 'set', SUITE, '2026-12-07', '2026-12-08', '10');
    const afterSet = await held('20261206');
    const reloaded = await ops('catalog', 'load', EXAMPLE_CATALOG_FILE);

    expect(shown.out.split('\n')).toEqual([
      `${SUITE}     allotment   held   available`,
      '2026-12-05           8      3           5',
      '2026-12-06           8      3           5',
      '2026-12-07           8      0           8',
    ]);
    expect(refused.out).toBe(
      [
        '2026-12-05 not set: 3 rooms are held; --force sets it below that',
        '2026-12-06 not set: 3 rooms are held; --force sets it below that',
      ].join('\n'),
    );
    expect(forced.out).toBe('2026-12-06 allotment 2');
    expect(afterSet).toMatchObject({ allotment: 2, held: 3, available: -1 });
    expect(raised.out).toBe('2026-12-07 allotment 10');
    expect(await held('20261206')).toMatchObject({ allotment: 8, held: 3, available: 5 }); // the load restored the catalog's 8
    expect(reloaded.code).toBe(0);
    expect(await held('20261207')).toMatchObject({ allotment: 8, held: 0 });
    expect((await ops('inventory', 'show', 'RT-DLX-TWIN', '2026-12-05', '2026-12-06')).out).toContain(
      'has no inventory in the catalog',
    );
  });
});
