/**
 * One set of nightly prices for every channel, changed by an operator, and Douyin's pull of price and stock
 * (SPEC §5), through the handlers on the in-memory stores: the pull's runs and stock, its refusals, and a
 * price set by `ops rates set` read at once by the commit check, the pull and the partner's searchOrder.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { douyinOrder } from '../../../lib/app/orders.js';
import { ratesSet, ratesShow } from '../../../lib/ops/commands.js';
import { commitBody, orderRef, partnerToken, startUnitStack, type UnitStack } from './unit-stack.js';

let stack: UnitStack;
beforeEach(async () => {
  stack = await startUnitStack();
});
afterEach(async () => {
  await stack.stop();
});

const pull = (spu: string, start: string, end: string) => stack.douyinGet({ spu_ext_id: spu, start_date: start, end_date: end });

describe('Douyin’s pull of price and stock', () => {
  it('answers runs of nights with the same price and stock, stock only for a room type with its own allotment', async () => {
    const reply = await pull('RT-DLX-TWIN,RT-FAM-SUITE', '20261222', '20261227');
    expect(reply).toMatchObject({ error_code: 0, description: 'success', extra: { logid: expect.any(String) } });
    expect(reply.data).toEqual([
      { spu_ext_id: 'RT-DLX-TWIN', start_date: '20261222', end_date: '20261224', price: 58800 },
      { spu_ext_id: 'RT-DLX-TWIN', start_date: '20261224', end_date: '20261226', price: 78800 },
      { spu_ext_id: 'RT-DLX-TWIN', start_date: '20261226', end_date: '20261227', price: 58800 },
      { spu_ext_id: 'RT-FAM-SUITE', start_date: '20261222', end_date: '20261224', price: 98800, stock: 8 },
      { spu_ext_id: 'RT-FAM-SUITE', start_date: '20261224', end_date: '20261225', price: 128800, stock: 3 },
      { spu_ext_id: 'RT-FAM-SUITE', start_date: '20261225', end_date: '20261227', price: 98800, stock: 8 },
    ]);
  });

  it('lists no night of a room type without prices, and takes dates written yyyy-MM-dd', async () => {
    expect(await pull('RT-STD-KING', '2026-12-22', '2026-12-24')).toMatchObject({ error_code: 0, data: [] });
  });

  it('shows a hold at once, and its release', async () => {
    const body = commitBody({
      spu_ext_id: 'RT-FAM-SUITE',
      check_in: '20261224',
      check_out: '20261225',
      reserve_amount: 2,
      total_price: 0,
    });
    const { order_ext_id } = await stack.douyinPost('commit', body);
    expect((await pull('RT-FAM-SUITE', '20261224', '20261225')).data).toEqual([expect.objectContaining({ stock: 1 })]);
    await stack.douyinPost('cancel', { ...orderRef(body, String(order_ext_id)), order_status: 0 });
    expect((await pull('RT-FAM-SUITE', '20261224', '20261225')).data).toEqual([expect.objectContaining({ stock: 3 })]);
  });

  it.each([
    [
      'an unknown room type',
      { spu_ext_id: 'RT-DLX-TWIN,RT-NONE', start_date: '20261222', end_date: '20261224' },
      40402,
      'spu_ext_id: RT-NONE is not in the catalog',
    ],
    [
      'a date that is not one',
      { spu_ext_id: 'RT-DLX-TWIN', start_date: '20261232', end_date: '20270102' },
      40001,
      'start_date: must be a real date as yyyyMMdd or yyyy-MM-dd',
    ],
    [
      'an end before the start',
      { spu_ext_id: 'RT-DLX-TWIN', start_date: '20261224', end_date: '20261224' },
      40001,
      'end_date: must be after start_date',
    ],
    [
      'more than 90 nights',
      { spu_ext_id: 'RT-DLX-TWIN', start_date: '20260101', end_date: '20260402' },
      40001,
      'end_date: the range must be at most 90 nights',
    ],
    ['no room type', { start_date: '20261222', end_date: '20261224' }, 40001, 'spu_ext_id: is required'],
  ])('refuses %s with %i', async (_name, query, code, description) => {
    expect(await stack.douyinGet(query as Record<string, string>)).toMatchObject({ error_code: code, description });
  });

  it('refuses a pull that is not signed', async () => {
    const reply = await stack.douyinGet(
      { spu_ext_id: 'RT-DLX-TWIN', start_date: '20261222', end_date: '20261224' },
      { secret: null },
    );
    expect(reply).toMatchObject({ error_code: 40101, description: 'signature: x-life-sign header is missing' });
  });
});

describe('rates set by an operator', () => {
  it('refuses what is not a price, with one clear line', async () => {
    for (const fen of ['-5', '12.5', 'cheap', '']) {
      await expect(ratesSet('RT-DLX-TWIN', '2026-12-23', '2026-12-25', fen)).rejects.toThrow(
        `expected a price in fen, a whole number ≥ 0 (78800 is 788.00 yuan), got ${fen}`,
      );
    }
    await expect(ratesSet('RT-NONE', '2026-12-23', '2026-12-25', '1')).rejects.toThrow('no room type RT-NONE in the catalog');
  });

  it('is what the commit check, the pull and the partner all read at once', async () => {
    // Act: the revenue manager sets 2026-12-23 and -24 to 650.00.
    expect(await ratesSet('RT-DLX-TWIN', '2026-12-23', '2026-12-25', '65000')).toEqual([
      'RT-DLX-TWIN: 2 nights from 2026-12-23 to 2026-12-25 (exclusive) at 65000 fen',
    ]);

    // Assess: the operator's view, Douyin's pull, and a paid commit at the new price confirmed 0 (at the old, 1).
    expect(await ratesShow('RT-DLX-TWIN', '2026-12-22', '2026-12-25')).toEqual([
      'RT-DLX-TWIN     price (fen)   from',
      '2026-12-22         58800   catalog default',
      '2026-12-23         65000   table',
      '2026-12-24         65000   table',
    ]);
    expect((await pull('RT-DLX-TWIN', '20261223', '20261225')).data).toEqual([
      { spu_ext_id: 'RT-DLX-TWIN', start_date: '20261223', end_date: '20261225', price: 65000 },
    ]);
    const now = commitBody({ status: 1, total_price: 130000 });
    const then = commitBody({ status: 1, total_price: 58800 + 78800 });
    await stack.douyinPost('commit', now);
    await stack.douyinPost('commit', then);
    expect((await douyinOrder(now.order_id))?.confirmStatus).toBe(0);
    expect((await douyinOrder(then.order_id))?.confirmStatus).toBe(1);
    const xml = await stack.partnerPost(
      'searchOrder',
      `<SearchOrderRequest>${partnerToken()}<TaoBaoOrderId>${now.order_id}</TaoBaoOrderId><IncludeDetail>true</IncludeDetail></SearchOrderRequest>`,
    );
    expect(xml.match(/<Price>([\d.]+)<\/Price>/g)).toEqual(['<Price>650.00</Price>', '<Price>650.00</Price>']);
  });
});
