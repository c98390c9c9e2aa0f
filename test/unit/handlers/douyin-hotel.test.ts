/**
 * Douyin's calendar-room family through its Lambdas on the in-memory stores (SPEC §11): the pull, the
 * bookability check and the create priced, ruled and counted from the one allotment the other channels sell;
 * `order_id` and `cancel_id` as the keys of Douyin's retries; official codes only; the confirmation and the
 * cancel decision through the worker to the fake's OpenAPIs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyChanges } from '../../../lib/app/ari.js';
import { writeCatalog } from '../../../lib/app/catalog.js';
import { parseCatalog } from '../../../lib/catalog/catalog.js';
import { resetConfig } from '../../../lib/config/config.js';
import { encryptLocal } from '../../../lib/douyinHotel/phone.js';
import { type Order, OrderStatus } from '../../../lib/orders/index.js';
import { day, night } from '../../../local/calendar.js';
import { cancelDecision, failed } from '../../../local/ops/commands.js';
import { CALENDAR, catalogWithCalendarRoom, GARDEN } from '../../fixtures/rate-plans.js';
import { CLIENT_ID, POOL_ID, startTestPool } from '../../support/tokens.js';
import { CLIENT_SECRET, commitBody, startUnitStack, type UnitStack } from './unit-stack.js';

/** The codes Douyin publishes for this family (reference Part B §2.1): a reply with any other is a defect. */
const OFFICIAL = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 100]);

let stack: UnitStack;
let sequence = 0;
beforeEach(async () => {
  stack = await startUnitStack();
  await writeCatalog(parseCatalog(catalogWithCalendarRoom()));
});
afterEach(async () => {
  await stack.stop();
});

async function post(route: string, body: unknown, options: { secret?: string | null; rawBody?: string; whole?: boolean } = {}) {
  const data = await stack.hotelPost(route, body, options);
  expect(OFFICIAL.has(data.error_code), `unofficial code ${data.error_code}`).toBe(true);
  return data;
}

/** A stay of the garden room on BAR: `nights` nights from day `from`, one room, at BAR's 500 yuan a night. */
function stay(from = 40, nights = 2, extra: Record<string, unknown> = {}) {
  return {
    rate_plan_id: CALENDAR.bar,
    biz_type: 2021,
    check_in_date: day(from),
    check_out_date: day(from + nights),
    number_of_units: 1,
    number_of_guests: 2,
    total_amount: 50_000 * nights,
    daily_rates: Array.from({ length: nights }, (_, index) => ({
      original_amount: 50_000,
      period_start_date: day(from + index),
      period_end_date: day(from + index + 1),
    })),
    ...extra,
  };
}

const orderId = () => {
  sequence += 1;
  return `11144916787232${String(Date.now()).slice(-6)}${String(sequence).padStart(3, '0')}`;
};
const create = (extra: Record<string, unknown> = {}, from = 40, nights = 2) =>
  ({
    order_id: orderId(),
    hotel_id: CALENDAR.hotelId,
    ...stay(from, nights),
    contact_info: { name: '王五', phone: '13700000000' },
    occupancies: [{ name: '王五' }],
    remark_from_guest: '晚到',
    ...extra,
  }) as Record<string, unknown> & { order_id: string };

const heldOn = async (n: number) => (await stack.stores.nights.read(GARDEN)).get(night(n))?.held ?? 0;

describe('the pull', () => {
  it('gives every plan of the hotel its price, rooms and availability, equal nights as one inclusive run', async () => {
    await applyChanges(
      [{ roomType: GARDEN, ratePlan: 'BAR', from: night(42), to: night(43), set: { closedFor: ['douyinHotel'] } }],
      { who: 'test', source: 'api' },
    );

    const data = await post('ari-pull', { hotel_ids: [CALENDAR.hotelId], date_range: { start: day(40), end: day(44) } });

    expect(data.error_code).toBe(0);
    expect(data.room_rates).toEqual([
      {
        rate_plan_id: CALENDAR.bar,
        rate_avail_infos: [
          {
            timerange: { start: day(40), end: day(41) },
            original_amount: 50_000,
            currency: 'CNY',
            available: true,
            inventory: 2,
          },
          {
            timerange: { start: day(42), end: day(42) },
            original_amount: 50_000,
            currency: 'CNY',
            available: false,
            inventory: 0,
          },
          {
            timerange: { start: day(43), end: day(44) },
            original_amount: 50_000,
            currency: 'CNY',
            available: true,
            inventory: 2,
          },
        ],
      },
      {
        rate_plan_id: CALENDAR.nrf,
        rate_avail_infos: [
          {
            timerange: { start: day(40), end: day(44) },
            original_amount: 44_000,
            currency: 'CNY',
            available: true,
            inventory: 2,
          },
        ],
      },
    ]);
  });

  it('reads the plans named when no hotel is, and answers 1 for a rate plan not sold here', async () => {
    const named = await post('ari-pull', {
      hotel_ids: [],
      rate_plan_ids: [CALENDAR.nrf],
      date_range: { start: day(40), end: day(40) },
    });
    const unknown = await post('ari-pull', { rate_plan_ids: ['9999999999999999'], date_range: { start: day(40), end: day(40) } });

    expect((named.room_rates as { rate_plan_id: string }[]).map((rate) => rate.rate_plan_id)).toEqual([CALENDAR.nrf]);
    expect(unknown).toMatchObject({ error_code: 1, description: expect.stringContaining('rate_plan_id') });
  });
});

describe('the bookability check', () => {
  it('answers 0 for a stay that can be sold, and the official code for each reason it cannot', async () => {
    await applyChanges(
      [
        { roomType: GARDEN, ratePlan: 'BAR', from: night(50), to: night(51), set: { minStay: 3 } },
        { roomType: GARDEN, ratePlan: 'BAR', from: night(52), to: night(53), set: { closed: true } },
        { roomType: GARDEN, from: night(54), to: night(55), set: { allotment: 0 } },
      ],
      { who: 'test', source: 'api' },
    );

    const cases: [string, Record<string, unknown>, number][] = [
      ['a stay that sells', stay(), 0],
      ['a minimum stay', stay(50, 1), 3],
      ['a closed night', stay(52, 1), 4],
      ['no room left', stay(54, 1), 4],
      ['more guests than the room holds', stay(40, 1, { number_of_guests: 3 }), 2],
      [
        'a nightly amount that is not the price',
        stay(40, 1, { daily_rates: [{ original_amount: 1, period_start_date: day(40) }] }),
        8,
      ],
      ['a total that is not the price', stay(40, 1, { total_amount: 1 }), 8],
      ['a rate plan not sold here', stay(40, 1, { rate_plan_id: '1234567890123456' }), 1],
      ['a date that is not a date', stay(40, 1, { check_in_date: '2026-02-30' }), 5],
      ['a rate plan id sent as a number', stay(40, 1, { rate_plan_id: 1871928630088720 }), 13],
    ];
    for (const [why, body, code] of cases) {
      expect([why, (await post('can-buy', body)).error_code]).toEqual([why, code]);
    }
  });

  it('sends the stay’s price and rooms with a refusal, so Douyin can correct its copy', async () => {
    const data = await post('can-buy', stay(40, 1, { total_amount: 1 }));
    expect(data).toMatchObject({
      error_code: 8,
      ari: {
        stock_and_amount: [
          {
            rate_plan_id: CALENDAR.bar,
            timerange: { start: day(40), end: day(40) },
            original_amount: 50_000,
            available: true,
            inventory: 2,
          },
        ],
      },
    });
  });

  it('answers 13 for a body that is not JSON or lacks a field, and for a wrong signature', async () => {
    expect((await post('can-buy', undefined, { rawBody: '{"rate_plan_id": ' })).error_code).toBe(13);
    const { check_in_date: _missing, ...lacking } = stay();
    expect((await post('can-buy', lacking)).description).toContain('check_in_date');
    expect(await post('can-buy', stay(), { secret: 'not-the-secret' })).toMatchObject({
      error_code: 13,
      description: expect.stringContaining('signature'),
    });
  });
});

describe('creating an order', () => {
  it('holds once and answers one order_out_id to concurrent duplicates and later repeats, then confirms through the OpenAPI', async () => {
    const body = create();

    const replies = await Promise.all(Array.from({ length: 6 }, () => post('create-order', body)));
    const repeat = await post('create-order', body);
    await stack.drain();

    expect(new Set(replies.map((reply) => reply.error_code))).toEqual(new Set([0]));
    const ids = new Set([...replies, repeat].map((reply) => reply.order_out_id));
    expect(ids.size).toBe(1);
    expect(repeat).toMatchObject({ error_code: 0, order_id: body.order_id, confirm_info: { confirm_mode: 2 } });
    expect([await heldOn(40), await heldOn(41)]).toEqual([1, 1]);
    expect(stack.douyin.hotelConfirmations(body.order_id)).toEqual([1]);
  });

  it('answers 13 to another booking under the same order_id and changes nothing', async () => {
    const body = create();
    await post('create-order', body);

    const other = await post('create-order', { ...body, number_of_units: 2, total_amount: 200_000 });

    expect(other).toMatchObject({ error_code: 13, description: expect.stringContaining('order_id') });
    expect(await heldOn(40)).toBe(1);
  });

  it('stores nothing for a stay refused by its rules, its price or a bad date', async () => {
    for (const body of [create({ total_amount: 1 }), create({ check_out_date: 'tomorrow' }), create({ rate_plan_id: '42' })]) {
      const reply = await post('create-order', body);
      expect([8, 5, 1]).toContain(reply.error_code);
      expect(await stack.stores.orders.get({ channel: 'douyinHotel', orderId: body.order_id })).toBeUndefined();
    }
    expect(await heldOn(40)).toBe(0);
  });

  it('sells the last rooms once across the legacy SPI and the calendar room, from one allotment', async () => {
    // Two rooms a night: the legacy SPI books one, the calendar room the other; a third is refused 4.
    const legacy = await stack.douyinPost(
      'commit',
      commitBody({ spu_ext_id: GARDEN, status: 1, check_in: night(60), check_out: night(61), total_price: 50_000 }),
    );
    const calendar = await post('create-order', create({}, 60, 1));
    const third = await post('can-buy', stay(60, 1));

    expect([legacy.error_code, calendar.error_code, third.error_code]).toEqual([0, 0, 4]);
    expect(await heldOn(60)).toBe(2);
  });
});

describe('the payment notice, the cancel and the refund notice', () => {
  it('asks Douyin to retry a payment notice for an order not stored yet, and acknowledges it once stored', async () => {
    const body = create();
    expect((await post('pay-notify', { order_id: body.order_id })).error_code).toBe(100);
    const created = await post('create-order', body);

    expect(await post('pay-notify', { order_id: body.order_id, order_out_id: created.order_out_id })).toMatchObject({
      error_code: 0,
      order_out_id: created.order_out_id,
    });
  });

  it('cancels at once without an audit: the nights come back once, and a repeat of the cancel_id answers the same', async () => {
    const body = create();
    const { order_out_id } = await post('create-order', body);
    const cancel = {
      order_id: body.order_id,
      cancel_id: '767227453157446661130412951',
      order_out_id,
      cancel_type: 2,
      biz_type: 2021,
    };

    const first = await post('cancel', cancel);
    const again = await post('cancel', cancel);

    expect(first).toMatchObject({ error_code: 0, cancel_mode: 1, cancel_result: 1 });
    expect(again).toEqual(first);
    expect(await heldOn(40)).toBe(0);
    expect(
      ((await stack.stores.orders.get({ channel: 'douyinHotel', orderId: body.order_id })) as Order | undefined)?.status,
    ).toBe(OrderStatus.Cancelled);
  });

  it('decides an audited cancel from the plan: refused for the non-refundable plan, accepted for the flexible one, each sent through cancel/audit', async () => {
    const flexible = create();
    const nonRefundable = create({
      rate_plan_id: CALENDAR.nrf,
      total_amount: 88_000,
      daily_rates: [0, 1].map((index) => ({ original_amount: 44_000, period_start_date: day(40 + index) })),
    });
    await post('create-order', flexible);
    await post('create-order', nonRefundable);
    const audited = (order: { order_id: string }, cancelId: string) => ({
      order_id: order.order_id,
      cancel_id: cancelId,
      cancel_type: 2,
      need_audit: true,
    });

    const refused = await post('cancel', audited(nonRefundable, '767227453157446661130410001'));
    const accepted = await post('cancel', audited(flexible, '767227453157446661130410002'));
    await stack.drain();
    const refund = await post('refund-notify', { order_id: nonRefundable.order_id, refund_type: 21 });

    expect([refused.cancel_mode, accepted.cancel_mode]).toEqual([2, 2]);
    const decisions = stack.douyin.hotelCalls
      .filter((call) => call.operation === 'hotel-cancel-audit')
      .map((call) => [call.body.cancel_Id, call.body.cancel_result]);
    expect(decisions).toEqual(
      expect.arrayContaining([
        ['767227453157446661130410001', 2],
        ['767227453157446661130410002', 1],
      ]),
    );
    expect(
      ((await stack.stores.orders.get({ channel: 'douyinHotel', orderId: nonRefundable.order_id })) as Order | undefined)?.status,
    ).toBe(OrderStatus.Paid);
    expect(await heldOn(40)).toBe(1);
    // A refund notice after a refused cancel is acknowledged and kept with the order.
    expect(refund.error_code).toBe(0);
    expect(
      (await stack.stores.history.list({ channel: 'douyinHotel', orderId: nonRefundable.order_id })).map((entry) => entry.route),
    ).toContain('hotel-refund-notify');
  });

  it('acknowledges a refund notice with no order_out_id for an order never stored, and refuses a modify with 13', async () => {
    expect((await post('refund-notify', { order_id: orderId(), refund_type: 11 })).error_code).toBe(0);
    expect(await post('modify-order', { order_id: orderId() })).toMatchObject({
      error_code: 13,
      description: expect.stringContaining('modify'),
    });
  });
});

describe('the ARI push', () => {
  type Pushed = { operation: string; body: Record<string, unknown> };
  const pushes = (operation: string): Pushed[] => stack.douyin.hotelCalls.filter((call) => call.operation === operation);
  const aris = (operation: string) => pushes(operation).flatMap((call) => call.body.aris as Record<string, unknown>[]);

  it('pushes a price change of every plan it moves, then tells Douyin to pull, and settles what it owed', async () => {
    await applyChanges([{ roomType: GARDEN, ratePlan: 'BAR', from: night(40), to: night(43), set: { price: 60_000 } }], {
      who: 'mia',
      source: 'api',
    });
    expect(await stack.stores.pushes.get('douyinHotel', GARDEN)).toMatchObject({ first: night(40), last: night(42) });

    await stack.drain();

    // BAR moves to 600 yuan; NRF, derived at −12 %, to 528; both plans' rooms and availability come along.
    expect(aris('hotel-price-save')).toEqual([
      { rate_plan_id: CALENDAR.bar, timerange: { start: day(40), end: day(42) }, original_amount: 60_000, currency: 'CNY' },
      { rate_plan_id: CALENDAR.nrf, timerange: { start: day(40), end: day(42) }, original_amount: 52_800, currency: 'CNY' },
    ]);
    expect(aris('hotel-stock-save')).toEqual([
      { rate_plan_id: CALENDAR.bar, timerange: { start: day(40), end: day(42) }, inventory: 2, available: true },
      { rate_plan_id: CALENDAR.nrf, timerange: { start: day(40), end: day(42) }, inventory: 2, available: true },
    ]);
    expect(pushes('hotel-ari-notify').map((call) => call.body)).toEqual([
      {
        account_id: '7000000000000000001',
        rate_plan_ids: [CALENDAR.bar, CALENDAR.nrf],
        date_range: { start: day(40), end: day(42) },
        notify_scene: [1, 2, 3],
      },
    ]);
    expect(pushes('hotel-price-save')[0]?.body).toMatchObject({ account_id: '7000000000000000001', hotel_id: CALENDAR.hotelId });
    expect(await stack.stores.pushes.get('douyinHotel', GARDEN)).toBeUndefined();
  });

  it('pushes the rooms left after a booking holds them, whichever channel booked', async () => {
    await stack.douyinPost(
      'commit',
      commitBody({ spu_ext_id: GARDEN, status: 1, check_in: night(70), check_out: night(71), total_price: 50_000 }),
    );
    await stack.drain();

    expect(aris('hotel-stock-save')).toContainEqual({
      rate_plan_id: CALENDAR.bar,
      timerange: { start: day(70), end: day(70) },
      inventory: 1,
      available: true,
    });
  });

  it('chunks a year of weekend prices within Douyin’s 50 aris a call', async () => {
    await applyChanges(
      [{ roomType: GARDEN, ratePlan: 'BAR', from: night(30), to: night(395), days: ['sat', 'sun'], set: { price: 68_800 } }],
      { who: 'mia', source: 'api' },
    );
    await stack.drain();

    const calls = pushes('hotel-price-save');
    expect(calls.length).toBeGreaterThan(2);
    for (const call of calls) expect((call.body.aris as unknown[]).length).toBeLessThanOrEqual(50);
    // Every night of both plans is covered once, weekends at the new price.
    const covered = aris('hotel-price-save').filter((ari) => ari.rate_plan_id === CALENDAR.bar);
    expect(covered.some((ari) => ari.original_amount === 68_800)).toBe(true);
    expect(covered.at(-1)?.timerange).toMatchObject({ end: expect.any(String) });
  });

  it('keeps a push Douyin refused owed, with its error, for the retry and the console', async () => {
    stack.douyin.failNext('hotel-price-save', {
      body: {
        data: {
          error_code: 0,
          description: '',
          save_result: [{ rate_plan_id: CALENDAR.bar, code: 40001, message: '餐食信息缺失' }],
        },
        extra: { error_code: 0, description: '', sub_error_code: 0, sub_description: '', logid: 'x', now: 0 },
      },
    });
    await applyChanges([{ roomType: GARDEN, ratePlan: 'BAR', from: night(80), to: night(81), set: { price: 61_000 } }], {
      who: 'mia',
      source: 'api',
    });

    await stack.drain({ rounds: 1 });

    expect(await stack.stores.pushes.get('douyinHotel', GARDEN)).toMatchObject({
      attempts: 1,
      lastError: expect.stringContaining('餐食信息缺失'),
    });
    expect((await failed()).join('\n')).toMatch(/douyinHotel ARI push of RT-GDN-DBL .* after 1 attempts: .*餐食信息缺失/);
    expect(pushes('hotel-ari-notify')).toEqual([]);
    await stack.drain();
    expect(await stack.stores.pushes.get('douyinHotel', GARDEN)).toBeUndefined();
    expect(pushes('hotel-ari-notify')).toHaveLength(1);
  });
});

describe('what the hotel tells Douyin afterwards', () => {
  it('tells the check-in and the check-out recorded through the admin API, each once', async () => {
    const pool = await startTestPool();
    try {
      process.env.ADMIN_USER_POOL_ID = POOL_ID;
      process.env.ADMIN_CLIENT_ID = CLIENT_ID;
      process.env.ADMIN_COGNITO_ENDPOINT = pool.endpoint;
      resetConfig();
      const body = create();
      await post('create-order', body);
      const operator = pool.token('otto', ['operator']);

      const checkedIn = await stack.admin('POST', `/admin/orders/${body.order_id}/stay`, {
        token: operator,
        body: { status: 'checked-in' },
      });
      await stack.admin('POST', `/admin/orders/${body.order_id}/stay`, { token: operator, body: { status: 'checked-in' } });
      const viewer = await stack.admin('POST', `/admin/orders/${body.order_id}/stay`, {
        token: pool.token('val', ['viewer']),
        body: { status: 'checked-out' },
      });
      const wrong = await stack.admin('POST', `/admin/orders/${body.order_id}/stay`, {
        token: operator,
        body: { status: 'arrived' },
      });
      await stack.admin('POST', `/admin/orders/${body.order_id}/stay`, { token: operator, body: { status: 'checked-out' } });
      await stack.drain();

      expect(checkedIn).toMatchObject({ status: 200, body: { stay: 'checked-in' } });
      expect([viewer.status, wrong.status]).toEqual([403, 400]);
      expect(
        stack.douyin.hotelCalls
          .filter((call) => call.operation === 'hotel-booking-notify')
          .map((call) => call.body.accommodation_status),
      ).toEqual([1, 3]);
    } finally {
      await pool.stop();
    }
  });

  it('leaves an audited cancel to a person with DOUYIN_HOTEL_CANCEL_AUDIT=manual, then sends their decision', async () => {
    process.env.DOUYIN_HOTEL_CANCEL_AUDIT = 'manual';
    resetConfig();
    try {
      const body = create();
      await post('create-order', body);
      const cancelId = '767227453157446661130419999';
      const answer = await post('cancel', { order_id: body.order_id, cancel_id: cancelId, cancel_type: 2, need_audit: true });
      await stack.drain();
      const before = stack.douyin.hotelCalls.filter((call) => call.operation === 'hotel-cancel-audit').length;

      const lines = await cancelDecision(body.order_id, cancelId, 'accept', ['guest', 'moved', 'the', 'trip']);
      await stack.drain();

      expect(answer).toMatchObject({ error_code: 0, cancel_mode: 2 });
      expect(before).toBe(0);
      expect(lines.join()).toContain('accepted');
      expect(stack.douyin.hotelCalls.filter((call) => call.operation === 'hotel-cancel-audit').map((call) => call.body)).toEqual([
        { cancel_Id: cancelId, order_id: body.order_id, cancel_type: 2, cancel_result: 1, reason: 'guest moved the trip' },
      ]);
      expect(await heldOn(40)).toBe(0);
      await expect(cancelDecision(body.order_id, cancelId, 'refuse', [])).rejects.toThrow('accepted already');
    } finally {
      delete process.env.DOUYIN_HOTEL_CANCEL_AUDIT;
      resetConfig();
    }
  });
});

describe('the settings for what is not public', () => {
  const withSetting = async (name: string, value: string, run: () => Promise<void>) => {
    process.env[name] = value;
    resetConfig();
    try {
      await run();
    } finally {
      delete process.env[name];
      resetConfig();
    }
  };

  it('answers the pull in the presale page’s envelope with DOUYIN_HOTEL_PULL_ENVELOPE=top, in data by default', async () => {
    const body = { rate_plan_ids: [CALENDAR.bar], date_range: { start: day(40), end: day(40) } };
    const inData = await post('ari-pull', body, { whole: true });
    expect(inData).toMatchObject({ data: { error_code: 0, status: true, room_rates: [{ rate_plan_id: CALENDAR.bar }] } });

    await withSetting('DOUYIN_HOTEL_PULL_ENVELOPE', 'top', async () => {
      const top = await post('ari-pull', body, { whole: true });
      const refused = await post('ari-pull', { ...body, rate_plan_ids: ['42'] }, { whole: true });
      expect(top).toMatchObject({ status: true, room_rates: [{ rate_plan_id: CALENDAR.bar }], data: { error_code: 0 } });
      expect(refused).toMatchObject({ status: false, errors: [expect.stringContaining('rate_plan_id')], room_rates: [] });
    });
  });

  it('decrypts a phone encrypted with the app’s secret under DOUYIN_HOTEL_PHONE=local-aes, and keeps an Enc. one as sent', async () => {
    await withSetting('DOUYIN_HOTEL_PHONE', 'local-aes', async () => {
      const local = create({ contact_info: { name: '王五', phone: encryptLocal('13912345678', CLIENT_SECRET) } });
      const online = create({ contact_info: { name: '王五', phone: 'Enc.AbCdEf0123' } });
      await post('create-order', local);
      await post('create-order', online);
      const phoneOf = async (id: string) =>
        ((await stack.stores.orders.get({ channel: 'douyinHotel', orderId: id })) as Order).booking.customerPhone;
      expect([await phoneOf(local.order_id), await phoneOf(online.order_id)]).toEqual(['13912345678', 'Enc.AbCdEf0123']);
    });
  });

  it('reads an hourly room’s times in the format DOUYIN_HOTEL_HOURLY_TIME names, answering 5 otherwise', async () => {
    const hourly = (time: string) =>
      stay(40, 1, {
        daily_rates: [{ original_amount: 50_000, period_start_date: day(40), period_start_time: `${day(40)} ${time}` }],
      });
    expect((await post('can-buy', hourly('14:00'))).error_code).toBe(0);
    expect((await post('can-buy', hourly('14:00:00'))).error_code).toBe(5);
    await withSetting('DOUYIN_HOTEL_HOURLY_TIME', 'hh:mm:ss', async () => {
      expect((await post('can-buy', hourly('14:00:00'))).error_code).toBe(0);
    });
  });
});
