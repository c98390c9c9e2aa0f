/**
 * The console in a real browser (SPEC §10): Debian's Chromium on the local stack with its Cognito stand-in,
 * signing in as each group; a revenue manager changes a plan's weekend prices and closes a night to one
 * channel, and both channels show it; orders are found by each kind of id and read with their story; an
 * operator retries failed work; a viewer changes nothing; markup sent by a channel never runs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getOrder } from '../../lib/app/orders.js';
import { resetConfig } from '../../lib/config/config.js';
import { WorkState, WorkType } from '../../lib/orders/index.js';
import { day, night } from '../../local/calendar.js';
import { FakeDouyinHotel } from '../../local/fakes/fake-douyin-hotel.js';
import { douyinOrder } from '../../local/orders.js';
import { CALENDAR, catalogWithCalendarRoom, GARDEN, GARDEN_HOTEL } from '../fixtures/rate-plans.js';
import {
  CLIENT_KEY,
  CLIENT_SECRET,
  commitBody,
  douyinGet,
  douyinPost,
  type Harness,
  startHarness,
  waitFor,
} from '../integration/harness.js';
import { partnerToken } from '../support/requests.js';
import { launchChromium, pageErrors, screenshot } from './chromium.js';

const USERS = { viewer: ['val', 'Val-pass-1!'], revenue: ['mia', 'Mia-pass-1!'], operator: ['otto', 'Otto-pass-1!'] } as const;

let harness: Harness;
let browser: Browser;
let page: Page;
let errors: string[];
beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'channel-hub-console-')), 'catalog.json');
  writeFileSync(file, JSON.stringify(catalogWithCalendarRoom()));
  harness = await startHarness({
    console: true,
    env: {
      CATALOG_FILE: file,
      CONSOLE_USERS: Object.entries(USERS)
        .map(([group, [name, password]]) => `${name}:${group}:${password}`)
        .join(','),
    },
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await harness?.stop();
});
beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-GB', timezoneId: 'UTC' });
  errors = pageErrors(page);
});
afterEach(async (context) => {
  // A failing test leaves its page behind as a picture, to see what the person would have seen.
  if (context.task.result?.state === 'fail') {
    await screenshot(page, `failed-${context.task.name.slice(0, 40)}`);
    console.error('page errors:', errors);
  }
  await page.close();
});

const consoleUrl = (hash = '') => `${harness.stack.url}/console/${hash}`;

async function signIn(group: keyof typeof USERS, hash = '') {
  const [name, password] = USERS[group];
  await page.goto(consoleUrl(hash));
  await page.fill('input[name=username]', name);
  await page.fill('input[name=password]', password);
  await page.click('form[aria-label="sign in"] button[type=submit]');
  await page.locator('.who', { hasText: name }).waitFor();
}

const weekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
const planRow = (plan: string, row: string) => `tbody[data-room-type="${GARDEN}"] tr[data-plan="${plan}"][data-row="${row}"]`;
const cellOf = (plan: string, row: string, on: string) => page.locator(`${planRow(plan, row)} td[data-night="${on}"]`);

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'RoomType' || name === 'RateInfo' });
async function partner(xml: string): Promise<Record<string, unknown>> {
  const reply = await fetch(`${harness.stack.url}/partner`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: xml,
  });
  const document = parser.parse(await reply.text()) as Record<string, Record<string, unknown>>;
  const root = Object.keys(document).find((key) => key !== '?xml') as string;
  return document[root] as Record<string, unknown>;
}

/** The partner's price for one night of the garden room at BAR, or its refusal. */
async function partnerQuote(first: string) {
  const stay = `<HotelCode>${GARDEN_HOTEL}</HotelCode><RoomTypeCode>${GARDEN}</RoomTypeCode><RateCode>BAR</RateCode><CheckIn>${first}</CheckIn><CheckOut>${nextDay(first)}</CheckOut>`;
  const body = await partner(
    `<RoomAvailabilityRequest>${partnerToken()}${stay}<RateKey></RateKey><PaxRooms><PaxRoom><RoomIndex>1</RoomIndex><Adults>2</Adults><Children>0</Children></PaxRoom></PaxRooms></RoomAvailabilityRequest>`,
  );
  const rate = (
    (
      ((body.Hotel as Record<string, unknown> | undefined)?.RoomTypes as Record<string, unknown> | undefined)?.RoomType as
        | Record<string, unknown>[]
        | undefined
    )?.[0]?.RateInfos as Record<string, unknown> | undefined
  )?.RateInfo as Record<string, unknown>[] | undefined;
  return { total: rate?.[0]?.TotalPrice === undefined ? undefined : Number(rate[0].TotalPrice), error: body.Error };
}
const nextDay = (text: string) => new Date(Date.parse(`${text}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('signing in', () => {
  it('refuses a wrong password in words, and signs each group in to the grid', async () => {
    await page.goto(consoleUrl());
    await page.fill('input[name=username]', 'mia');
    await page.fill('input[name=password]', 'not-her-password');
    await page.click('form[aria-label="sign in"] button[type=submit]');
    await expect.poll(() => page.locator('.problems').textContent()).toContain('do not match');

    for (const group of ['viewer', 'revenue', 'operator'] as const) {
      await signIn(group, `#/grid?hotel=${GARDEN_HOTEL}&from=${day(40)}`);
      await page.locator('table.grid').waitFor();
      expect(await page.locator('.who').textContent()).toContain(group);
      // The token lives in session storage, never in the address.
      expect(page.url()).not.toMatch(/token|eyJ/);
      await page.click('text=Sign out');
      await page.locator('form[aria-label="sign in"]').waitFor();
    }
    expect(errors.filter((error) => !error.includes('400'))).toEqual([]);
  });
});

describe('the grid', () => {
  it('sets next month’s weekend price for one plan, which Douyin’s pull and the partner’s quote show', async () => {
    const first = day(40);
    const last = day(53);
    await signIn('revenue', `#/grid?hotel=${GARDEN_HOTEL}&from=${first}`);
    await cellOf('BAR', 'price-douyin', first).click();
    await cellOf('BAR', 'price-douyin', last).click({ modifiers: ['Shift'] });
    for (const weekday of ['mon', 'tue', 'wed', 'thu', 'fri']) await page.uncheck(`input[name=day-${weekday}]`);
    await page.selectOption('select[name=field]', 'price');
    await page.fill('input[name=value]', '688');
    await page.click('aside button:has-text("Apply")');

    await expect.poll(() => page.locator('.done').textContent()).toMatch(/Changed \d+ nights/);
    await screenshot(page, 'grid');
    const nights = Array.from({ length: 14 }, (_, index) => day(40 + index));
    for (const one of nights) {
      await expect.poll(() => cellOf('BAR', 'price-douyin', one).textContent()).toBe(weekend(one) ? '688.00' : '500.00');
    }
    const pulled = (await douyinGet(harness.stack, { spu_ext_id: GARDEN, start_date: night(40), end_date: night(54) }))
      .data as unknown as { start_date: string; end_date: string; price: number }[];
    for (const one of nights) {
      const compact = one.replaceAll('-', '');
      const price = pulled.find((run) => run.start_date <= compact && compact < run.end_date)?.price;
      expect([one, price]).toEqual([one, weekend(one) ? 68800 : 50000]);
    }
    const saturday = nights.find(weekend) as string;
    // The partner's price carries its 8 % markup: 688 × 1.08.
    expect((await partnerQuote(saturday)).total).toBe(743.04);
  });

  it('closes a night to one channel: the partner refuses it, Douyin still sells it', async () => {
    const closed = day(60);
    await signIn('revenue', `#/grid?hotel=${GARDEN_HOTEL}&from=${closed}`);
    await cellOf('BAR', 'closed', closed).click();
    await page.selectOption('select[name=field]', 'closedFor');
    await page.selectOption('select[name=channel]', 'partner');
    await page.click('aside button:has-text("Apply")');

    await expect.poll(() => cellOf('BAR', 'closed', closed).textContent()).toBe('closed: partner');
    expect((await partnerQuote(closed)).error).toBeDefined();
    const pulled = (await douyinGet(harness.stack, { spu_ext_id: GARDEN, start_date: night(60), end_date: night(61) }))
      .data as unknown as { stock: number; price: number }[];
    expect(pulled).toEqual([expect.objectContaining({ price: 50000, stock: 2 })]);
    // Its history is one click away, naming who.
    await page.click('text=History of these nights');
    await expect.poll(() => page.locator('table[aria-label=history]').textContent()).toContain('mia');
  });

  it('keeps what was being edited when the session ends, and applies it once signed in again', async () => {
    const on = day(70);
    await signIn('revenue', `#/grid?hotel=${GARDEN_HOTEL}&from=${on}`);
    await cellOf('BAR', 'rules', on).click();
    await page.selectOption('select[name=field]', 'minStay');
    await page.fill('input[name=value]', '2');
    // The access token is revoked or expired: the API answers 401.
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('channel-hub.session') ?? '{}') as Record<string, unknown>;
      sessionStorage.setItem('channel-hub.session', JSON.stringify({ ...session, token: 'expired.token.value' }));
    });
    await page.click('aside button:has-text("Apply")');

    await page.locator('text=Your session has ended').waitFor();
    await page.fill('input[name=username]', USERS.revenue[0]);
    await page.fill('input[name=password]', USERS.revenue[1]);
    await page.click('form[aria-label="sign in"] button[type=submit]');
    await expect.poll(() => page.locator('.done').textContent()).toBe('Changed 1 night.');
    await expect.poll(() => cellOf('BAR', 'rules', on).textContent()).toBe('min 2');
  });

  it('shows a viewer the grid read-only, and the server refuses a viewer’s change made by hand', async () => {
    const on = day(80);
    await signIn('viewer', `#/grid?hotel=${GARDEN_HOTEL}&from=${on}`);
    await cellOf('BAR', 'price-douyin', on).click();
    await page.locator('text=can read the grid but not change it').waitFor();
    expect(await page.locator('aside button:has-text("Apply")').count()).toBe(0);

    const status = await page.evaluate(
      async ([roomType, from, to]) => {
        const session = JSON.parse(sessionStorage.getItem('channel-hub.session') ?? '{}') as { token: string };
        const reply = await fetch('/admin/ari', {
          method: 'POST',
          headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ changes: [{ roomType, ratePlan: 'BAR', from, to, set: { price: 1 } }] }),
        });
        return reply.status;
      },
      [GARDEN, on, day(81)],
    );
    expect(status).toBe(403);
    expect(await cellOf('BAR', 'price-douyin', on).textContent()).toBe('500.00');
  });
});

/** A partner booking of the family suite whose every text field carries markup. */
async function partnerOrderWithMarkup(id: string) {
  const stay = `<HotelCode>10021918</HotelCode><RoomTypeCode>RT-FAM-SUITE</RoomTypeCode><RateCode>BAR</RateCode><CheckIn>${day(160)}</CheckIn><CheckOut>${day(161)}</CheckOut>`;
  const quoted = await partner(
    `<RoomAvailabilityRequest>${partnerToken()}${stay}<RateKey></RateKey><PaxRooms><PaxRoom><RoomIndex>1</RoomIndex><Adults>2</Adults><Children>0</Children></PaxRoom></PaxRooms></RoomAvailabilityRequest>`,
  );
  type Node = Record<string, unknown>;
  const roomTypes = ((quoted.Hotel as Node).RoomTypes as Node).RoomType as Node[];
  const rate = ((roomTypes[0] as Node).RateInfos as Node).RateInfo as Node[];
  const markup = '&lt;img src=x onerror="window.__xss=3"&gt;';
  const created = await partner(
    `<CreateOrderRequest>${partnerToken()}<TaoBaoOrderId>${id}</TaoBaoOrderId>${stay}<RateKey>${String(rate[0]?.RateKey)}</RateKey><TotalPrice>${String(rate[0]?.TotalPrice)}</TotalPrice><CurrencyCode>CNY</CurrencyCode><ContactSurname>${markup}</ContactSurname><ContactName>&lt;b&gt;San</ContactName><ContactPhone>13912345678</ContactPhone><ContactEmail>zhangsan@example.com</ContactEmail><Memo>&lt;script&gt;window.__xss=4&lt;/script&gt;quiet room</Memo><PaxNameRooms><PaxNameRoom><RoomIndex>1</RoomIndex><PaxNames><PaxName><Name>&lt;i&gt;San</Name><Surname>${markup}</Surname><Type>Adults</Type></PaxName></PaxNames></PaxNameRoom></PaxNameRooms></CreateOrderRequest>`,
  );
  expect(created).toMatchObject({ TaoBaoOrderId: id });
  return String(created.OrderId);
}

describe('orders', () => {
  it('finds an order by each kind of id, and shows its story with markup as text and the guest masked', async () => {
    const remark = '<script>window.__xss=2</script><b>late</b> arrival';
    const body = commitBody({
      spu_ext_id: 'RT-STD-KING',
      status: 1,
      total_price: 100000,
      customer_name: '<img src=x onerror="window.__xss=1">',
      customer_phone: '13912345678',
      remark,
    });
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    const axCode = String(await waitFor(async () => (await douyinOrder(body.order_id))?.axOrderCodes[0], 15_000, 'the AX order'));
    const taobao = '45000000000000000001';
    const partnerExtId = await partnerOrderWithMarkup(taobao);

    await signIn('viewer', '#/orders');
    await screenshot(page, 'orders');
    for (const [id, expected] of [
      [body.order_id, body.order_id],
      [String(order_ext_id), body.order_id],
      [axCode, body.order_id],
      [taobao, taobao],
      [partnerExtId, taobao],
    ] as [string, string][]) {
      await page.fill('input[aria-label="any id"]', id);
      await page.click('form[aria-label="find orders"] button[type=submit]');
      await expect
        .poll(() => page.locator('table[aria-label=orders] tbody tr').allTextContents())
        .toEqual([expect.stringContaining(expected)]);
    }
    // A link to a search opens with it.
    await page.goto(consoleUrl(`#/orders?q=${axCode}`));
    await page.locator(`table[aria-label=orders] a:has-text("${body.order_id}")`).click();

    const story = page.locator('article[aria-label=order]');
    await expect.poll(() => story.locator('.remark').textContent()).toBe(remark);
    await screenshot(page, 'order');
    expect(await story.textContent()).toContain('139****5678');
    expect(await story.textContent()).not.toContain('13912345678');
    expect(await story.textContent()).toContain('commit');

    await page.goto(consoleUrl(`#/orders/${taobao}`));
    await expect
      .poll(() => page.locator('article[aria-label=order] .remark').textContent())
      .toBe('<script>window.__xss=4</script>quiet room');
    // Nothing a channel sent became markup, and nothing ran.
    expect(await page.locator('main img, main script, main b, main i').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
  });
});

describe('work needing a person', () => {
  it('lets an operator retry failed work after a confirmation, and shows a viewer no action', async () => {
    harness.ax.failNext('create', { httpStatus: 403, body: { detail: 'denied' } });
    const body = commitBody({ spu_ext_id: 'RT-STD-KING', status: 1, total_price: 100000 });
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    const orderExtId = String(order_ext_id);
    await waitFor(
      async () =>
        (await douyinOrder(body.order_id))?.work[WorkType.AxCreateOrder]?.state === WorkState.Failed ? true : undefined,
      15_000,
      'failed work',
    );

    await signIn('viewer', '#/work');
    await page.locator(`tr[data-order="${orderExtId}"]`).waitFor();
    expect(await page.locator('button:has-text("Retry")').count()).toBe(0);
    await page.click('text=Sign out');

    await signIn('operator', '#/work');
    const row = page.locator(`tr[data-order="${orderExtId}"]`);
    await row.locator('button:has-text("Retry")').click();
    await screenshot(page, 'work');
    await row.locator('button:has-text("Yes, retry")').click();
    await expect.poll(() => page.locator('.done').textContent()).toContain(`Retrying the failed work of ${orderExtId}`);
    await waitFor(
      async () => ((await getOrder({ channel: 'douyin', orderId: body.order_id }))?.axOrderCodes.length ?? 0) > 0 || undefined,
      15_000,
      'the AX order after the retry',
    );
    await page.goto(consoleUrl(`#/orders/${orderExtId}`));
    await expect.poll(() => page.locator('table[aria-label=requests]').textContent()).toContain('otto');

    await page.goto(consoleUrl('#/health'));
    await expect.poll(() => page.locator('table[aria-label="channel health"]').textContent()).toContain('douyin');
    await screenshot(page, 'health');
  });
});

describe('a cancel left to the hotel', () => {
  it('lets an operator accept a calendar-room cancel from the order’s page, which Douyin is then told', async () => {
    process.env.DOUYIN_HOTEL_CANCEL_AUDIT = 'manual';
    resetConfig();
    try {
      const douyin = new FakeDouyinHotel(harness.stack.url, CLIENT_KEY, CLIENT_SECRET);
      const orderId = `1114718827641${String(Date.now()).slice(-9)}`;
      const cancelId = `7672274531574466611${String(Date.now()).slice(-8)}`;
      const created = await douyin.call('create-order', {
        order_id: orderId,
        rate_plan_id: CALENDAR.bar,
        check_in_date: day(90),
        check_out_date: day(91),
        number_of_units: 1,
        total_amount: 50_000,
        daily_rates: [{ original_amount: 50_000, period_start_date: day(90) }],
        contact_info: { name: '王五', phone: '13700000000' },
      });
      const cancel = await douyin.call('cancel', { order_id: orderId, cancel_id: cancelId, cancel_type: 2, need_audit: true });
      expect([created.data.error_code, cancel.data.cancel_mode]).toEqual([0, 2]);

      await signIn('operator', `#/orders/${orderId}`);
      await page.locator('button:has-text("Accept")').click();
      await page.locator('button:has-text("Yes, accept")').click();

      await expect.poll(() => page.locator('.done').textContent()).toBe(`Cancel ${cancelId} accepted.`);
      const audit = await waitFor(
        () =>
          harness.douyin.hotelCalls.find((call) => call.operation === 'hotel-cancel-audit' && call.body.cancel_Id === cancelId),
        15_000,
        'the decision sent to Douyin',
      );
      expect(audit.body).toMatchObject({ cancel_result: 1, order_id: orderId });
      await expect.poll(() => page.locator('article[aria-label=order] dl').textContent()).toContain('accepted');
    } finally {
      delete process.env.DOUYIN_HOTEL_CANCEL_AUDIT;
      resetConfig();
    }
  });
});
