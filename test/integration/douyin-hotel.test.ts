/**
 * Douyin's calendar-room family end to end on the local stack (SPEC §11): the fake replays Douyin's real
 * sequences (check, check, create; three concurrent retry streams; a refund notice after a refused cancel),
 * signed as Douyin signs and checked for an unofficial code on every reply; the worker confirms, decides
 * audited cancels and pushes ARI to the fake's OpenAPIs, on DynamoDB Local and fauxqs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrder } from '../../lib/app/orders.js';
import { stores } from '../../lib/store/stores.js';
import { day, night } from '../../local/calendar.js';
import { FakeDouyinHotel } from '../../local/fakes/fake-douyin-hotel.js';
import { CALENDAR, catalogWithCalendarRoom, GARDEN } from '../fixtures/rate-plans.js';
import { CLIENT_KEY, CLIENT_SECRET, commitBody, douyinPost, type Harness, startHarness, waitFor } from './harness.js';

let harness: Harness;
let douyin: FakeDouyinHotel;
beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'channel-hub-calendar-')), 'catalog.json');
  writeFileSync(file, JSON.stringify(catalogWithCalendarRoom()));
  harness = await startHarness({ env: { CATALOG_FILE: file, DOUYIN_ACCOUNT_ID: '7000000000000000001' } });
  douyin = new FakeDouyinHotel(harness.stack.url, CLIENT_KEY, CLIENT_SECRET);
});
afterAll(async () => {
  await harness.stop();
});

let sequence = 0;
const orderId = () => {
  sequence += 1;
  return `11147188276416${String(Date.now()).slice(-6)}${String(sequence).padStart(3, '0')}`;
};
const stay = (from: number, nights = 1, rooms = 1) => ({
  rate_plan_id: CALENDAR.bar,
  biz_type: 2021,
  check_in_date: day(from),
  check_out_date: day(from + nights),
  number_of_units: rooms,
  number_of_guests: 2,
  total_amount: 50_000 * nights * rooms,
  daily_rates: Array.from({ length: nights }, (_, index) => ({
    original_amount: 50_000,
    period_start_date: day(from + index),
    period_end_date: day(from + index + 1),
  })),
});
const createOf = (from: number, nights = 1, rooms = 1) => ({
  order_id: orderId(),
  hotel_id: CALENDAR.hotelId,
  ...stay(from, nights, rooms),
  contact_info: { name: '王五', phone: '13700000000' },
  remark_from_guest: '晚到',
});
const heldOn = async (n: number) => (await stores().nights.read(GARDEN)).get(night(n))?.held ?? 0;

describe('Douyin’s calendar room on the local stack', () => {
  it('checks twice, creates, confirms through the OpenAPI and pushes the rooms left within seconds', async () => {
    const create = createOf(40);
    const started = Date.now();

    const replies = await douyin.checkCheckCreate(stay(40), create);

    expect(replies.map((reply) => reply.data.error_code)).toEqual([0, 0, 0]);
    expect(replies[2]?.logId).toMatch(/^021\d+/);
    await waitFor(() => harness.douyin.hotelConfirmations(create.order_id).length > 0 || undefined, 15_000, 'the confirmation');
    expect(harness.douyin.hotelConfirmations(create.order_id)).toEqual([1]);
    const pushed = await waitFor(
      () =>
        harness.douyin.hotelCalls.find(
          (call) =>
            call.operation === 'hotel-stock-save' &&
            (call.body.aris as { timerange: { start: string }; inventory: number }[]).some(
              (ari) => ari.timerange.start === day(40) && ari.inventory === 1,
            ),
        ),
      30_000,
      'the push of the rooms left',
    );
    // Within Douyin's 60 s: the five-second coalescing window and the worker's turn.
    expect(pushed.at - started).toBeLessThan(60_000);
    expect(harness.douyin.hotelCalls.some((call) => call.operation === 'hotel-ari-notify' && call.at >= pushed.at)).toBe(true);
  });

  it('answers three concurrent delivery streams of one create with one order_out_id and holds once', async () => {
    const create = createOf(44);
    // Each stream delivers at once, so the first deliveries of the three race.
    const replies = await Promise.all([0, 1, 2].map(() => douyin.call('create-order', create)));
    const repeats = await douyin.retryStreams(create, 40);

    const ids = new Set([...replies, ...repeats].map((reply) => reply.data.order_out_id));
    expect(ids.size).toBe(1);
    expect(new Set(replies.map((reply) => reply.data.error_code))).toEqual(new Set([0]));
    expect(await heldOn(44)).toBe(1);
  });

  it('refuses a create the allotment cannot honour on every stream, stores nothing, and takes the refund notice after', async () => {
    // Two rooms a night: a create for three is refused 4 each time Douyin retries it.
    const create = createOf(48, 1, 3);

    const replies = await douyin.retryStreams(create, 70);

    const creates = replies.filter((reply) => reply.route === 'create-order');
    expect(creates.length).toBeGreaterThanOrEqual(3);
    expect(new Set(creates.map((reply) => reply.data.error_code))).toEqual(new Set([4]));
    expect(replies.at(-1)).toMatchObject({ route: 'refund-notify', data: { error_code: 0 } });
    expect(await getOrder({ channel: 'douyinHotel', orderId: create.order_id })).toBeUndefined();
    expect(await heldOn(48)).toBe(0);
  });

  it('refuses an audited cancel of a non-refundable booking through cancel/audit, and takes the refund notice after it', async () => {
    const create = {
      ...createOf(52, 2),
      rate_plan_id: CALENDAR.nrf,
      total_amount: 88_000,
      daily_rates: [0, 1].map((index) => ({ original_amount: 44_000, period_start_date: day(52 + index) })),
    };
    const created = await douyin.call('create-order', create);
    const cancelId = `7672274531574466611${String(Date.now()).slice(-8)}`;

    const [cancel, refund] = await douyin.cancelThenRefund(create.order_id, cancelId, String(created.data.order_out_id));

    expect(cancel?.data).toMatchObject({ error_code: 0, cancel_mode: 2 });
    expect(refund?.data.error_code).toBe(0);
    const audit = await waitFor(
      () => harness.douyin.hotelCalls.find((call) => call.operation === 'hotel-cancel-audit' && call.body.cancel_Id === cancelId),
      15_000,
      'the cancel decision',
    );
    expect(audit.body).toMatchObject({ order_id: create.order_id, cancel_result: 2, cancel_type: 2 });
    expect((await getOrder({ channel: 'douyinHotel', orderId: create.order_id }))?.status).toBe('PAID');
  });

  it('sells the legacy SPI and the calendar room from one allotment on DynamoDB Local', async () => {
    const legacy = await douyinPost(
      harness.stack,
      'commit',
      commitBody({ spu_ext_id: GARDEN, status: 1, check_in: night(56), check_out: night(57), total_price: 50_000 }),
    );
    const first = await douyin.call('create-order', createOf(56));
    const second = await douyin.call('can-buy', stay(56));

    expect([legacy.error_code, first.data.error_code, second.data.error_code]).toEqual([0, 0, 4]);
    expect(await heldOn(56)).toBe(2);
  });
});
