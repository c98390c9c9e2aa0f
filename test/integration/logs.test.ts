import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { partnerSignature } from '../../lib/partner/auth.js';
import { day } from '../../local/calendar.js';
import {
  commitBody,
  douyinPost,
  type Harness,
  orderRef,
  PARTNER_PASSWORD,
  PARTNER_USER,
  searchOrderXml,
  startHarness,
  waitFor,
} from './harness.js';

// Before any module loads: the logger takes its level from the environment at construction, and
// Powertools restores that level on every invocation.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

const NAME = '欧阳娜娜';
const PHONE = '13987654321';
let harness: Harness;
let output = '';

beforeAll(async () => {
  harness = await startHarness();
  // Powertools writes info to stdout and warnings and errors to stderr: capture both.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output += String(chunk);
      return true;
    });
  }
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    output += `${args.join(' ')}\n`;
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await harness.stop();
});

describe('logs', () => {
  it('carry ids, outcome and latency, and never a name or phone number, through commit, AX, Douyin, partner and errors', async () => {
    // Prepare: an AX-mapped order (its AX body carries the guest's name and phone) and a rejected request.
    harness.ax.decision = 'Supplier confirm';
    const body = commitBody({
      status: 1,
      spu_ext_id: 'RT-STD-KING',
      customer_name: NAME,
      customer_phone: PHONE,
      customer_list: [{ cn_name: NAME }],
    });

    // Act
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 10_000, 'confirmation');
    await douyinPost(harness.stack, 'commit', { ...body, total_price: 1 });
    // Refused: a phone over 64 characters, which carries the guest's number into the refused body.
    await douyinPost(harness.stack, 'commit', { ...body, customer_phone: `${PHONE} ext. ${'9'.repeat(60)}` });
    await douyinPost(harness.stack, 'cancel', { ...orderRef(body, order_ext_id as string), order_status: 1 });
    await fetch(`${harness.stack.url}/searchOrder`, {
      method: 'POST',
      body: searchOrderXml({ TaoBaoOrderId: body.order_id }, { includeDetail: true }),
    });
    await waitFor(() => harness.ax.cancels.length > 0 || undefined, 10_000, 'AX cancel');

    // Assess
    const lines = output
      .split('\n')
      .filter((line) => line.includes('{"level"'))
      .map((line) => JSON.parse(line.slice(line.indexOf('{"level"'))) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(5);
    expect(output).not.toContain(NAME);
    expect(output).not.toContain(PHONE);
    const handled = lines.find((line) => line.message === 'request handled' && line.route === 'commit');
    expect(handled).toMatchObject({
      orderId: body.order_id,
      orderExtId: order_ext_id,
      errorCode: 0,
      requestId: expect.any(String),
      latencyMs: expect.any(Number),
    });
    expect(lines.find((line) => line.message === 'request rejected' && line.errorCode === 40901)).toBeDefined();
    expect(lines.find((line) => line.message === 'request rejected' && line.errorCode === 40001)).toMatchObject({
      description: 'customer_phone: must be at most 64 characters',
    });
    expect(lines.find((line) => line.message === 'work delivered' && line.workId === 'ax.create-order')).toMatchObject({
      orderId: body.order_id,
      outcome: 'ok',
    });
    expect(lines.find((line) => line.message === 'partner request handled')).toMatchObject({
      orderId: body.order_id,
      partner: 'fliggy',
      outcome: 'OK',
    });
  });

  it('never carry the partner’s contact or guests, through a quote, a create, a refused create and a cancel', async () => {
    // Prepare
    output = '';
    const timestamp = String(Math.floor(Date.now() / 1000));
    const token = `<AuthenticationToken><Username>${PARTNER_USER}</Username><RequestTimestamp>${timestamp}</RequestTimestamp><Signature>${partnerSignature(PARTNER_USER, PARTNER_PASSWORD, timestamp)}</Signature></AuthenticationToken>`;
    const post = async (xml: string) => (await fetch(`${harness.stack.url}/partner`, { method: 'POST', body: xml })).text();
    const stay = `<HotelCode>10021918</HotelCode><RoomTypeCode>RT-DLX-TWIN</RoomTypeCode><RateCode>BAR</RateCode><CheckIn>${day(243)}</CheckIn><CheckOut>${day(244)}</CheckOut>`;
    const quoted = await post(
      `<RoomAvailabilityRequest>${token}${stay}<PaxRooms><PaxRoom><Adults>2</Adults></PaxRoom></PaxRooms></RoomAvailabilityRequest>`,
    );
    const key = /<RateKey>([^<]+)<\/RateKey>/.exec(quoted)?.[1] ?? '';
    const create = (id: string, total: string) =>
      `<CreateOrderRequest>${token}<TaoBaoOrderId>${id}</TaoBaoOrderId>${stay}<RateKey>${key}</RateKey><TotalPrice>${total}</TotalPrice><CurrencyCode>CNY</CurrencyCode><ContactName>${NAME}</ContactName><ContactPhone>${PHONE}</ContactPhone><ContactEmail>nana@example.com</ContactEmail><Memo>call ${PHONE}</Memo><PaxNameRooms><PaxNameRoom><PaxNames><PaxName><Name>${NAME}</Name></PaxName></PaxNames></PaxNameRoom></PaxNameRooms></CreateOrderRequest>`;

    // Act
    expect(await post(create('44000000000000000001', '588.00'))).toContain('<OrderId>HUB');
    expect(await post(create('44000000000000000002', '500.00'))).toContain('PRICE_CHANGED');
    expect(
      await post(`<CancelOrderRequest>${token}<TaoBaoOrderId>44000000000000000001</TaoBaoOrderId></CancelOrderRequest>`),
    ).toContain('<OrderId>HUB');

    // Assess
    expect(output).toContain('partner request handled');
    expect(output).not.toContain(NAME);
    expect(output).not.toContain(PHONE);
    expect(output).not.toContain('nana@example.com');
  });
});
