import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { day } from '../../local/calendar.js';
import { commitBody, douyinPost, type Harness, orderRef, searchOrderXml, startHarness } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ worker: false });
});
afterAll(() => harness.stop());

const parser = new XMLParser({ parseTagValue: false });

async function partnerPost(xml: string, path = '/searchOrder') {
  const response = await fetch(`${harness.stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: xml,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
  return parser.parse(await response.text()) as Record<string, Record<string, unknown>>;
}

async function order(state: 'pending' | 'confirmed' | 'cancelled', orderId?: string) {
  const body = commitBody({
    ...(orderId === undefined ? {} : { order_id: orderId }),
    reserve_amount: 2,
    total_price: 2 * (58800 + 78800),
  });
  const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
  const ref = orderRef(body, order_ext_id as string);
  if (state !== 'pending') await douyinPost(harness.stack, 'status', { ...ref, status: 1 });
  if (state === 'cancelled') await douyinPost(harness.stack, 'cancel', { ...ref, order_status: 1 });
  return { orderId: body.order_id, orderExtId: order_ext_id as string };
}

describe('partner searchOrder', () => {
  it.each([
    ['pending', 'PENDING'],
    ['confirmed', 'CONFIRMED'],
    ['cancelled', 'CANCELLED'],
  ] as const)('answers a %s order as %s with its price in yuan', async (state, status) => {
    const { orderId, orderExtId } = await order(state);
    const { SearchOrderResponse: reply } = await partnerPost(searchOrderXml({ TaoBaoOrderId: orderId }));
    expect(reply).toMatchObject({
      TaoBaoOrderId: orderId,
      OrderId: orderExtId,
      OrderStatus: status,
      TotalPrice: '2752.00',
      CurrencyCode: 'CNY',
    });
    expect(Math.abs(Number(reply?.ResponseTimestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(reply?.Hotel).toBeUndefined();
  });

  it('keeps a 20-digit order id exactly and finds it by OrderId too', async () => {
    const { orderId, orderExtId } = await order('confirmed', '98765432109876543210');
    const byTaobao = await partnerPost(searchOrderXml({ TaoBaoOrderId: orderId }));
    expect(byTaobao.SearchOrderResponse?.TaoBaoOrderId).toBe('98765432109876543210');
    const byExtId = await partnerPost(searchOrderXml({ OrderId: orderExtId }));
    expect(byExtId.SearchOrderResponse?.TaoBaoOrderId).toBe('98765432109876543210');
    const byChannelId = await partnerPost(searchOrderXml({ OrderId: orderId }), '/partner');
    expect(byChannelId.SearchOrderResponse?.OrderId).toBe(orderExtId);
  });

  it('prefers TaoBaoOrderId over OrderId', async () => {
    const first = await order('pending');
    const second = await order('confirmed');
    const { SearchOrderResponse: reply } = await partnerPost(
      searchOrderXml({ TaoBaoOrderId: first.orderId, OrderId: second.orderExtId }),
    );
    expect(reply?.OrderId).toBe(first.orderExtId);
  });

  it('includes the Hotel node with one PaxPriceRoom per room when IncludeDetail is true', async () => {
    const { orderId } = await order('confirmed');
    const { SearchOrderResponse: reply } = await partnerPost(searchOrderXml({ TaoBaoOrderId: orderId }, { includeDetail: true }));
    // biome-ignore lint/suspicious/noExplicitAny: walking a parsed XML tree in a test
    const hotel = reply?.Hotel as Record<string, any>;
    expect(hotel).toMatchObject({ HotelCode: '10021918', CheckIn: day(22), CheckOut: day(24) });
    const rate = hotel.RoomTypes.RoomType.RateInfos.RateInfo;
    expect(rate.PaxPriceRooms.PaxPriceRoom).toHaveLength(2);
    expect(rate.PaxPriceRooms.PaxPriceRoom[1].DailyInfos.DailyInfo).toHaveLength(2);
  });

  it.each([
    ['an unknown order', () => searchOrderXml({ TaoBaoOrderId: '1' }), 'SearchOrderResponse', 'ORDER_NOT_FOUND'],
    [
      'a wrong password',
      () => searchOrderXml({ TaoBaoOrderId: '1' }, { password: 'nope' }),
      'SearchOrderResponse',
      'AUTH_FAILED',
    ],
    [
      'a stale timestamp',
      () => searchOrderXml({ TaoBaoOrderId: '1' }, { timestamp: Math.floor(Date.now() / 1000) - 400 }),
      'SearchOrderResponse',
      'AUTH_FAILED',
    ],
    [
      'an unknown user',
      () => searchOrderXml({ TaoBaoOrderId: '1' }).replace('<Username>fliggy', '<Username>mallory'),
      'SearchOrderResponse',
      'AUTH_FAILED',
    ],
    ['malformed XML', () => '<SearchOrderRequest><OrderId>1</SearchOrderRequest>', 'SearchOrderResponse', 'INVALID_REQUEST'],
    ['no order id', () => searchOrderXml({}), 'SearchOrderResponse', 'INVALID_REQUEST'],
    [
      'a DOCTYPE',
      () => `<!DOCTYPE x [<!ENTITY a "b">]>${searchOrderXml({ TaoBaoOrderId: '1' }).replace(/^<\?xml[^>]*>/, '')}`,
      'SearchOrderResponse',
      'INVALID_REQUEST',
    ],
    [
      'a method of another interface family',
      () => '<BookRQ><TaoBaoOrderId>1</TaoBaoOrderId></BookRQ>',
      'BookRS',
      'UNSUPPORTED_REQUEST',
    ],
    [
      'a body over 64 KiB',
      () =>
        searchOrderXml({ TaoBaoOrderId: '1' }).replace(
          '</SearchOrderRequest>',
          `<Pad>${'x'.repeat(70_000)}</Pad></SearchOrderRequest>`,
        ),
      'SearchOrderResponse',
      'INVALID_REQUEST',
    ],
  ])('answers %s with an Error in the request’s own root', async (_name, xml, root, code) => {
    const reply = await partnerPost(xml(), '/partner');
    const node = reply[root] as { ResponseTimestamp: string; Error: { Code: string; Message: string } };
    expect(node.Error.Code).toBe(code);
    expect(node.Error.Message.length).toBeLessThanOrEqual(256);
    expect(Number(node.ResponseTimestamp)).toBeGreaterThan(1_700_000_000);
  });

  it('never says which part of a credential was wrong', async () => {
    const messages = await Promise.all(
      [
        searchOrderXml({ TaoBaoOrderId: '1' }, { password: 'nope' }),
        searchOrderXml({ TaoBaoOrderId: '1' }).replace('<Username>fliggy', '<Username>mallory'),
      ].map(async (xml) => ((await partnerPost(xml)).SearchOrderResponse as { Error: { Message: string } }).Error.Message),
    );
    expect(new Set(messages)).toEqual(new Set(['authentication failed']));
  });
});
