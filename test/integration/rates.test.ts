/**
 * Nightly prices for every channel on DynamoDB Local (SPEC §5): an operator changes a price for a date range
 * and the Douyin commit check, Douyin's pull and the partner's searchOrder show it at once, the pull's stock
 * follows every hold and release, and a catalog load makes the catalog's numbers stand again.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { day, night, testCatalog } from '../../local/calendar.js';
import { douyinOrder } from '../../local/orders.js';
import {
  commitBody,
  douyinGet,
  douyinPost,
  type Harness,
  ops,
  opsDataDir,
  orderRef,
  searchOrderXml,
  startHarness,
} from './harness.js';

const data = opsDataDir('rates');
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ endpointsFile: data.endpointsFile });
  process.env.DATA_DIR = data.dir;
});
afterAll(async () => {
  await harness.stop();
  data.remove();
});

const pulled = async (spu: string, start: string, end: string) =>
  (await douyinGet(harness.stack, { spu_ext_id: spu, start_date: start, end_date: end })).data as unknown as Record<
    string,
    unknown
  >[];

describe('nightly prices for every channel', () => {
  it('shows an operator’s new price at once in the commit check, the pull and the partner’s answer', async () => {
    // Act
    const set = await ops('rates', 'set', 'RT-DLX-TWIN', day(90), day(92), '70000');

    // Assess
    expect(set).toEqual({ code: 0, out: `RT-DLX-TWIN: 2 nights from ${day(90)} to ${day(92)} (exclusive) at 70000 fen` });
    expect(await pulled('RT-DLX-TWIN', night(90), night(92))).toEqual([
      { spu_ext_id: 'RT-DLX-TWIN', start_date: night(90), end_date: night(92), price: 70000 },
    ]);
    const body = commitBody({ status: 1, check_in: night(90), check_out: night(92), total_price: 140000 });
    expect((await douyinPost(harness.stack, 'commit', body)).error_code).toBe(0);
    expect((await douyinOrder(body.order_id))?.confirmStatus).toBe(0);
    const xml = await (
      await fetch(`${harness.stack.url}/searchOrder`, {
        method: 'POST',
        body: searchOrderXml({ TaoBaoOrderId: body.order_id }, { includeDetail: true }),
      })
    ).text();
    expect(xml.match(/<Price>([\d.]+)<\/Price>/g)).toEqual(['<Price>700.00</Price>', '<Price>700.00</Price>']);
  });

  it('refuses a price that is not one with one clear line and exit code 1', async () => {
    expect(await ops('rates', 'set', 'RT-DLX-TWIN', day(90), day(92), '-1')).toEqual({
      code: 1,
      out: 'error: expected a price in fen, a whole number ≥ 0 (78800 is 788.00 yuan), got -1',
    });
  });

  it('follows every hold and release in the pull’s stock, from a consistent read', async () => {
    const body = commitBody({
      spu_ext_id: 'RT-FAM-SUITE',
      check_in: night(99),
      check_out: night(100),
      reserve_amount: 3,
      total_price: 0,
    });
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    expect(await pulled('RT-FAM-SUITE', night(99), night(100))).toEqual([expect.objectContaining({ price: 98800, stock: 5 })]);
    await douyinPost(harness.stack, 'cancel', { ...orderRef(body, String(order_ext_id)), order_status: 0 });
    expect(await pulled('RT-FAM-SUITE', night(99), night(100))).toEqual([expect.objectContaining({ stock: 8 })]);
  });

  it('keeps a price set since after a catalog load, which changes only the defaults (SPEC §5b)', async () => {
    await ops('rates', 'set', 'RT-DLX-TWIN', day(121), day(122), '1');
    const catalog = testCatalog();
    const twin = catalog.hotels[0]?.roomTypes[0] as { rate: { nightlyPrices: Record<string, number> } };
    twin.rate.nightlyPrices.default = 59900;
    const file = join(data.dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(catalog));
    expect((await ops('catalog', 'load', file)).code).toBe(0);
    expect(await pulled('RT-DLX-TWIN', night(121), night(123))).toEqual([
      expect.objectContaining({ start_date: night(121), price: 1 }),
      expect.objectContaining({ start_date: night(122), price: 59900 }),
    ]);
    expect((await ops('rates', 'show', 'RT-DLX-TWIN', day(121), day(123))).out).toContain(`${day(121)}             1   table`);
    // The default stands again for the next loads and readers.
    writeFileSync(file, JSON.stringify(testCatalog()));
    expect((await ops('catalog', 'load', file)).code).toBe(0);
  });

  it('clears every override with --reset-ari, and keeps the catalog’s changes in the history as the catalog’s', async () => {
    await ops('rates', 'set', 'RT-DLX-TWIN', day(131), day(132), '2');
    const catalog = testCatalog();
    const suite = catalog.hotels[0]?.roomTypes[2] as { inventory: Record<string, number> };
    suite.inventory[night(131)] = 5;
    const file = join(data.dir, 'catalog-reset.json');
    writeFileSync(file, JSON.stringify(catalog));
    await ops('catalog', 'load', file);
    const reset = await ops('catalog', 'load', file, '--reset-ari');
    expect(reset.out).toContain('every ARI override cleared');

    expect(await pulled('RT-DLX-TWIN', night(131), night(132))).toEqual([expect.objectContaining({ price: 58800 })]);
    const twin = (await ops('ari', 'history', 'RT-DLX-TWIN', day(131), day(132))).out;
    expect(twin).toMatch(/catalog \(catalog\) {2}.* BAR price: 2 → -/);
    expect(twin).toMatch(/ops:.* \(ops\) {2}.* BAR price: - → 2/);
    writeFileSync(file, JSON.stringify(testCatalog()));
    await ops('catalog', 'load', file);
    expect((await ops('ari', 'history', 'RT-FAM-SUITE', day(131), day(132))).out).toMatch(
      /catalog \(catalog\) {2}.* \(room\) allotment: 5 → 8/,
    );
  });
});
