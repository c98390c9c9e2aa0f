/**
 * The calendar room's edges on the in-memory stores: every setting's other value, refusals the order core
 * and the store raise, the pushes that settle without a call or cannot be made, and the operator's actions
 * where they do not apply.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeCatalog } from '../../../lib/app/catalog.js';
import { decideCancelOf, recordStayOf } from '../../../lib/app/work.js';
import { parseCatalog } from '../../../lib/catalog/catalog.js';
import { resetConfig } from '../../../lib/config/config.js';
import { pushAri } from '../../../lib/douyinHotel/push.js';
import { OrderRefused, Refused } from '../../../lib/errors.js';
import { day, night } from '../../../local/calendar.js';
import { CALENDAR, catalogWithCalendarRoom, GARDEN } from '../../fixtures/rate-plans.js';
import { commitBody, startUnitStack, type UnitStack } from './unit-stack.js';

let stack: UnitStack;
let sequence = 0;
beforeEach(async () => {
  stack = await startUnitStack();
  await writeCatalog(parseCatalog(catalogWithCalendarRoom()));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await stack.stop();
});

const withSetting = async (name: string, value: string | undefined, run: () => Promise<void>) => {
  const before = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  resetConfig();
  try {
    await run();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
    resetConfig();
  }
};

const orderId = () => {
  sequence += 1;
  return `11149910066848${String(Date.now()).slice(-6)}${String(sequence).padStart(3, '0')}`;
};
const create = (extra: Record<string, unknown> = {}) => ({
  order_id: orderId(),
  rate_plan_id: CALENDAR.bar,
  check_in_date: day(40),
  check_out_date: day(41),
  number_of_units: 1,
  total_amount: 50_000,
  daily_rates: [{ original_amount: 50_000, period_start_date: day(40) }],
  contact_info: { name: '王五', phone: '13700000000' },
  ...extra,
});

describe('the calendar room at its edges', () => {
  it('answers the pull’s runs with their end the day after under DOUYIN_HOTEL_TIMERANGE_END=exclusive, and 1 for an unknown hotel', async () => {
    await withSetting('DOUYIN_HOTEL_TIMERANGE_END', 'exclusive', async () => {
      const data = await stack.hotelPost('ari-pull', {
        rate_plan_ids: [CALENDAR.nrf],
        date_range: { start: day(40), end: day(41) },
      });
      expect(data.room_rates).toEqual([
        {
          rate_plan_id: CALENDAR.nrf,
          rate_avail_infos: [expect.objectContaining({ timerange: { start: day(40), end: day(42) } })],
        },
      ]);
    });
    const unknown = await stack.hotelPost('ari-pull', {
      hotel_ids: ['1234567890'],
      date_range: { start: day(40), end: day(40) },
    });
    expect(unknown).toMatchObject({ error_code: 1, description: expect.stringContaining('hotel_ids') });
  });

  it('leaves the ari out of a refusal under DOUYIN_HOTEL_CAN_BUY_ARI=off, and names a nightly amount for a night outside the stay', async () => {
    await withSetting('DOUYIN_HOTEL_CAN_BUY_ARI', 'off', async () => {
      const refused = await stack.hotelPost('can-buy', { ...create(), total_amount: 1 });
      expect(refused).toMatchObject({ error_code: 8 });
      expect(refused.ari).toBeUndefined();
    });
    const outside = await stack.hotelPost('can-buy', {
      ...create(),
      daily_rates: [{ original_amount: 50_000, period_start_date: day(45) }],
    });
    expect(outside).toMatchObject({ error_code: 8, description: expect.stringContaining('daily_rates[0]') });
  });

  it('answers 13 to a body over the limit, 100 when the store fails, and 9 to a payment after the cancel', async () => {
    const huge = await stack.hotelPost('create-order', undefined, { rawBody: JSON.stringify({ pad: 'x'.repeat(70_000) }) });
    expect(huge.error_code).toBe(13);

    vi.spyOn(stack.stores.orders, 'get').mockRejectedValueOnce(new Error('DynamoDB is down'));
    expect((await stack.hotelPost('create-order', create())).error_code).toBe(100);

    const body = create();
    await stack.hotelPost('create-order', body);
    await stack.hotelPost('cancel', { order_id: body.order_id, cancel_id: '767227453157446661130400001', cancel_type: 2 });
    await withSetting('DOUYIN_HOTEL_CREATE_MODE', 'create-then-pay', async () => {
      expect((await stack.hotelPost('pay-notify', { order_id: body.order_id })).error_code).toBe(9);
    });
  });

  it('creates unpaid under DOUYIN_HOTEL_CREATE_MODE=create-then-pay, paid by the notice, with confirm_info when asked', async () => {
    await withSetting('DOUYIN_HOTEL_CREATE_MODE', 'create-then-pay', async () => {
      await withSetting('DOUYIN_HOTEL_PAY_CONFIRM_INFO', 'on', async () => {
        const body = create({ contact_info: undefined, occupancies: [{ name: '李四', phone: '13600000000' }] });
        await stack.hotelPost('create-order', body);
        const ref = { channel: 'douyinHotel', orderId: body.order_id };
        expect(await stack.stores.orders.get(ref)).toMatchObject({ status: 'UNPAID', booking: { customerName: '李四' } });

        const paid = await stack.hotelPost('pay-notify', { order_id: body.order_id });
        const again = await stack.hotelPost('pay-notify', { order_id: body.order_id });

        expect(paid).toMatchObject({ error_code: 0, confirm_info: { confirm_mode: 2 } });
        expect(again.error_code).toBe(0);
        expect(await stack.stores.orders.get(ref)).toMatchObject({ status: 'PAID' });
      });
    });
  });

  it('agrees to cancel a create that failed, answers 9 for an order it never had, and refuses an audit of a cancelled order', async () => {
    const failedCreate = await stack.hotelPost('cancel', {
      order_id: orderId(),
      cancel_id: '767227453157446661130400002',
      cancel_type: 3,
    });
    const unknown = await stack.hotelPost('cancel', {
      order_id: orderId(),
      cancel_id: '767227453157446661130400003',
      cancel_type: 2,
    });
    const body = create();
    await stack.hotelPost('create-order', body);
    await stack.hotelPost('cancel', { order_id: body.order_id, cancel_id: '767227453157446661130400004', cancel_type: 2 });
    const audited = await stack.hotelPost('cancel', {
      order_id: body.order_id,
      cancel_id: '767227453157446661130400005',
      cancel_type: 2,
      need_audit: true,
    });
    const modify = await stack.hotelPost('modify-order', { order_id: body.order_id });

    expect(failedCreate).toMatchObject({ error_code: 0, cancel_mode: 1, cancel_result: 1 });
    expect(unknown.error_code).toBe(9);
    expect(audited).toMatchObject({ error_code: 0, cancel_mode: 2 });
    const order = await stack.stores.orders.get({ channel: 'douyinHotel', orderId: body.order_id });
    expect((order as { cancelRequests: { state: string }[] }).cancelRequests.map((request) => request.state)).toEqual([
      'accepted',
      'refused',
    ]);
    expect(modify.error_code).toBe(13);
    expect((await stack.stores.history.list({ channel: 'douyinHotel', orderId: body.order_id })).at(-1)?.route).toBe(
      'hotel-modify-order',
    );
  });

  it('refuses a stay on a cancelled order and a decision on no such or a decided cancel', async () => {
    const body = create();
    await stack.hotelPost('create-order', body);
    await stack.hotelPost('cancel', { order_id: body.order_id, cancel_id: '767227453157446661130400006', cancel_type: 2 });

    await expect(recordStayOf(body.order_id, 'checked-in', 'otto')).rejects.toMatchObject({ status: 409 });
    await expect(decideCancelOf(body.order_id, '1', true, undefined, 'otto')).rejects.toMatchObject({ status: 404 });
    await expect(decideCancelOf(body.order_id, '767227453157446661130400006', false, undefined, 'otto')).rejects.toMatchObject({
      status: 409,
    });
  });
});

describe('pushes that cannot or need not be made', () => {
  it('settles a debt of a room type not sold here without a call, and keeps one when the account is not set', async () => {
    await stack.stores.pushes.owe('douyinHotel', 'RT-DLX-TWIN', night(40), night(41), Date.now());
    expect(await pushAri('RT-DLX-TWIN')).toEqual({ calls: 0, aris: 0, nights: 0 });
    expect(await stack.stores.pushes.get('douyinHotel', 'RT-DLX-TWIN')).toBeUndefined();

    await stack.stores.pushes.owe('douyinHotel', GARDEN, night(40), night(41), Date.now());
    await withSetting('DOUYIN_ACCOUNT_ID', undefined, async () => {
      await expect(pushAri(GARDEN)).rejects.toThrow('DOUYIN_ACCOUNT_ID');
    });
    expect(await stack.stores.pushes.get('douyinHotel', GARDEN)).toBeDefined();
    expect(await pushAri('RT-NOT-THERE')).toEqual({ calls: 0, aris: 0, nights: 0 });
  });

  it('keeps a push owed when Douyin cannot be reached, and pushes runs ending the day after when told to', async () => {
    await stack.stores.pushes.owe('douyinHotel', GARDEN, night(40), night(41), Date.now());
    stack.douyin.failNext('hotel-price-save', { httpStatus: 503 });
    await expect(pushAri(GARDEN)).rejects.toThrow('HTTP 503');

    await withSetting('DOUYIN_HOTEL_TIMERANGE_END', 'exclusive', async () => {
      expect((await pushAri(GARDEN)).calls).toBe(3);
    });
    const saved = stack.douyin.hotelCalls.find((call) => call.operation === 'hotel-price-save');
    const aris = (saved?.body.aris ?? []) as { timerange: unknown }[];
    expect(aris[0]?.timerange).toEqual({ start: day(40), end: day(42) });
  });
});

describe('one id in two channels, and a push refused for good', () => {
  it('asks for the order_ext_id when an order_id names a legacy and a calendar-room order', async () => {
    const shared = orderId();
    await stack.douyinPost(
      'commit',
      commitBody({
        order_id: shared,
        spu_ext_id: GARDEN,
        status: 1,
        check_in: night(50),
        check_out: night(51),
        total_price: 50_000,
      }),
    );
    await stack.hotelPost('create-order', { ...create(), order_id: shared });

    await expect(recordStayOf(shared, 'checked-in', 'otto')).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('douyin and douyinHotel'),
    });
  });

  it('fails a push for good on a refused save_result, naming the plan and its code', async () => {
    await stack.stores.pushes.owe('douyinHotel', GARDEN, night(40), night(40), Date.now());
    stack.douyin.failNext('hotel-stock-save', {
      body: {
        data: { error_code: 0, description: '', save_result: [{ rate_plan_id: CALENDAR.nrf, code: 50001 }] },
        extra: { error_code: 0, description: '', sub_error_code: 0, sub_description: '', logid: 'x', now: 0 },
      },
    });
    await expect(pushAri(GARDEN)).rejects.toThrow(`${CALENDAR.nrf} code 50001`);
    stack.douyin.failNext('hotel-price-save', {
      body: {
        data: { error_code: 2100005, description: '参数不合法' },
        extra: { error_code: 2100005, description: '参数不合法' },
      },
    });
    await expect(pushAri(GARDEN)).rejects.toThrow('2100005');
  });
});

describe('the order core’s refusals in Douyin’s codes', () => {
  it.each([
    [Refused.Busy, 100],
    [Refused.Conflict, 13],
    [Refused.NotAllowed, 9],
  ] as const)('answers %s as %i, naming the order', async (kind, code) => {
    vi.spyOn(stack.stores.orders, 'get').mockRejectedValueOnce(new OrderRefused(kind, 'refused', { orderId: '1' }));
    expect((await stack.hotelPost('create-order', create())).error_code).toBe(code);
  });
});
