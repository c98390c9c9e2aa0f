/**
 * One set of nightly prices for every channel, changed by an operator, and Douyin's pull of price and stock
 * (SPEC §5), through the handlers on the in-memory stores: the pull's runs and stock, its refusals, and a
 * price set by `ops rates set` read at once by the commit check, the pull and the partner's searchOrder.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { day, night } from '../../../local/calendar.js';
import { ratesSet, ratesShow } from '../../../local/ops/commands.js';
import { douyinOrder } from '../../../local/orders.js';
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
    const reply = await pull('RT-DLX-TWIN,RT-FAM-SUITE', night(21), night(26));
    expect(reply).toMatchObject({ error_code: 0, description: 'success', extra: { logid: expect.any(String) } });
    expect(reply.data).toEqual([
      { spu_ext_id: 'RT-DLX-TWIN', start_date: night(21), end_date: night(23), price: 58800 },
      { spu_ext_id: 'RT-DLX-TWIN', start_date: night(23), end_date: night(25), price: 78800 },
      { spu_ext_id: 'RT-DLX-TWIN', start_date: night(25), end_date: night(26), price: 58800 },
      { spu_ext_id: 'RT-FAM-SUITE', start_date: night(21), end_date: night(23), price: 98800, stock: 8 },
      { spu_ext_id: 'RT-FAM-SUITE', start_date: night(23), end_date: night(24), price: 128800, stock: 3 },
      { spu_ext_id: 'RT-FAM-SUITE', start_date: night(24), end_date: night(26), price: 98800, stock: 8 },
    ]);
  });

  it('reads each room type’s nights once, for the pull and for the partner’s quotes alike', async () => {
    const reads = vi.spyOn(stack.stores.nights, 'read');
    await pull('RT-DLX-TWIN,RT-FAM-SUITE', night(21), night(26));
    expect(reads.mock.calls.map(([spuExtId]) => spuExtId)).toEqual(['RT-DLX-TWIN', 'RT-FAM-SUITE']);
    reads.mockClear();
    await stack.partnerPost(
      'hotelRooms',
      `<HotelRoomsRequest>${partnerToken()}<HotelCode>10021918</HotelCode><CheckIn>${day(21)}</CheckIn><CheckOut>${day(26)}</CheckOut><PaxRooms><PaxRoom><Adults>2</Adults></PaxRoom></PaxRooms></HotelRoomsRequest>`,
    );
    expect(reads.mock.calls.map(([spuExtId]) => spuExtId).sort()).toEqual(['RT-DLX-TWIN', 'RT-FAM-SUITE', 'RT-STD-KING']);
  });

  it('lists no night of a room type without prices, and takes dates written yyyy-MM-dd', async () => {
    expect(await pull('RT-STD-KING', day(21), day(23))).toMatchObject({ error_code: 0, data: [] });
  });

  it('shows a hold at once, and its release', async () => {
    const body = commitBody({
      spu_ext_id: 'RT-FAM-SUITE',
      check_in: night(23),
      check_out: night(24),
      reserve_amount: 2,
      total_price: 0,
    });
    const { order_ext_id } = await stack.douyinPost('commit', body);
    expect((await pull('RT-FAM-SUITE', night(23), night(24))).data).toEqual([expect.objectContaining({ stock: 1 })]);
    await stack.douyinPost('cancel', { ...orderRef(body, String(order_ext_id)), order_status: 0 });
    expect((await pull('RT-FAM-SUITE', night(23), night(24))).data).toEqual([expect.objectContaining({ stock: 3 })]);
  });

  it.each([
    [
      'an unknown room type',
      { spu_ext_id: 'RT-DLX-TWIN,RT-NONE', start_date: night(21), end_date: night(23) },
      40402,
      'spu_ext_id: RT-NONE is not in the catalog',
    ],
    [
      'a date that is not one',
      { spu_ext_id: 'RT-DLX-TWIN', start_date: '20261232', end_date: night(32) },
      40001,
      'start_date: must be a real date as yyyyMMdd or yyyy-MM-dd',
    ],
    [
      'an end before the start',
      { spu_ext_id: 'RT-DLX-TWIN', start_date: night(23), end_date: night(23) },
      40001,
      'end_date: must be after start_date',
    ],
    [
      'more than 90 nights',
      { spu_ext_id: 'RT-DLX-TWIN', start_date: '20260101', end_date: '20260402' },
      40001,
      'end_date: the range must be at most 90 nights',
    ],
    ['no room type', { start_date: night(21), end_date: night(23) }, 40001, 'spu_ext_id: is required'],
  ])('refuses %s with %i', async (_name, query, code, description) => {
    expect(await stack.douyinGet(query as Record<string, string>)).toMatchObject({ error_code: code, description });
  });

  it('refuses a pull that is not signed', async () => {
    const reply = await stack.douyinGet(
      { spu_ext_id: 'RT-DLX-TWIN', start_date: night(21), end_date: night(23) },
      { secret: null },
    );
    expect(reply).toMatchObject({ error_code: 40101, description: 'signature: x-life-sign header is missing' });
  });
});

describe('rates set by an operator', () => {
  it('refuses what is not a price, with one clear line', async () => {
    for (const fen of ['-5', '12.5', 'cheap', '']) {
      await expect(ratesSet('RT-DLX-TWIN', day(22), day(24), fen)).rejects.toThrow(
        `expected a price in fen, a whole number ≥ 0 (78800 is 788.00 yuan), got ${fen}`,
      );
    }
    await expect(ratesSet('RT-NONE', day(22), day(24), '1')).rejects.toThrow('no room type RT-NONE in the catalog');
  });

  it('is what the commit check, the pull and the partner all read at once', async () => {
    // Act: the revenue manager sets night 22 and -24 to 650.00.
    expect(await ratesSet('RT-DLX-TWIN', day(22), day(24), '65000')).toEqual([
      `RT-DLX-TWIN: 2 nights from ${day(22)} to ${day(24)} (exclusive) at 65000 fen`,
    ]);

    // Assess: the operator's view, Douyin's pull, and a paid commit at the new price confirmed 0 (at the old, 1).
    expect(await ratesShow('RT-DLX-TWIN', day(21), day(24))).toEqual([
      'RT-DLX-TWIN     price (fen)   from',
      `${day(21)}         58800   catalog default`,
      `${day(22)}         65000   table`,
      `${day(23)}         65000   table`,
    ]);
    expect((await pull('RT-DLX-TWIN', night(22), night(24))).data).toEqual([
      { spu_ext_id: 'RT-DLX-TWIN', start_date: night(22), end_date: night(24), price: 65000 },
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
