import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { type CatalogEntry, parseCatalog } from '../../lib/catalog/catalog.js';
import { ConfirmStatus, type Order, OrderStatus } from '../../lib/orders/model.js';
import { partnerSignature, verifyPartner } from '../../lib/partner/auth.js';
import { PartnerCode, PartnerError } from '../../lib/partner/errors.js';
import { yuan } from '../../lib/partner/money.js';
import { authenticationTokenSchema, searchOrderRequestSchema } from '../../lib/partner/schema.js';
import { hotelNode, partnerStatus } from '../../lib/partner/search-order.js';
import { buildXml, parseXmlRequest, responseRootOf } from '../../lib/partner/xml.js';
import { describeIssue } from '../../lib/validation/issues.js';
import { dated, day, night, testCatalog } from '../../local/calendar.js';
import vector from '../fixtures/partner-signature-vector.json' with { type: 'json' };

const fixture = (name: string) => dated(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof PartnerError ? error.code : 'not a PartnerError';
  }
  return undefined;
}

describe('partner signature', () => {
  const passwords = new Map([[vector.username, vector.password]]);
  const nowSeconds = Number(vector.timestamp) + 10;
  const check = (overrides: Partial<{ username: string; timestamp: string; signature: string; nowSeconds: number }>) =>
    verifyPartner({
      username: vector.username,
      timestamp: vector.timestamp,
      signature: vector.signature,
      passwords,
      nowSeconds,
      ...overrides,
    });

  it('computes the vector made with sha256sum', () => {
    expect(partnerSignature(vector.username, vector.password, vector.timestamp)).toBe(vector.signature);
  });

  it('accepts the right signature, in lower or upper case', () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({ signature: vector.signature.toUpperCase() })).toEqual({ ok: true });
  });

  it.each([
    ['a wrong signature', { signature: partnerSignature(vector.username, 'wrong', vector.timestamp) }, 'signature mismatch'],
    ['a stale timestamp', { nowSeconds: Number(vector.timestamp) + 301 }, 'stale timestamp'],
    ['a future timestamp', { nowSeconds: Number(vector.timestamp) - 301 }, 'stale timestamp'],
    ['an unknown user', { username: 'stranger' }, 'unknown user'],
    ['the seed’s 32-hex example', { signature: 'ae7e12812dc83aa255e6dd6eba8aa6e2' }, 'signature mismatch'],
  ])('refuses %s', (_name, overrides, reason) => {
    expect(check(overrides)).toEqual({ ok: false, reason });
  });
});

describe('partner XML', () => {
  it('reads the seed’s request shape with ids as strings', () => {
    const { root, content } = parseXmlRequest(fixture('search-order-request.xml'));
    expect(root).toBe('SearchOrderRequest');
    const request = searchOrderRequestSchema.parse(content);
    expect(request.TaoBaoOrderId).toBe('3254254325432');
    expect(request.IncludeDetail).toBe(true);
    expect(authenticationTokenSchema.parse(content.AuthenticationToken).RequestTimestamp).toBe('32423532523');
  });

  const token =
    '<AuthenticationToken><Username>u</Username><RequestTimestamp>1</RequestTimestamp><Signature>ab</Signature></AuthenticationToken>';
  const request = (inner: string) =>
    searchOrderRequestSchema.safeParse(parseXmlRequest(`<SearchOrderRequest>${token}${inner}</SearchOrderRequest>`).content);

  it.each([
    [
      'an empty OrderId beside a TaoBaoOrderId',
      '<TaoBaoOrderId>123</TaoBaoOrderId><OrderId></OrderId>',
      { TaoBaoOrderId: '123' },
    ],
    ['a self-closing OrderId', '<TaoBaoOrderId>123</TaoBaoOrderId><OrderId/>', { TaoBaoOrderId: '123' }],
    ['an empty TaoBaoOrderId beside an OrderId', '<TaoBaoOrderId/><OrderId>HUB1</OrderId>', { OrderId: 'HUB1' }],
    ['IncludeDetail missing', '<OrderId>HUB1</OrderId>', { IncludeDetail: false }],
    ['IncludeDetail empty', '<OrderId>HUB1</OrderId><IncludeDetail/>', { IncludeDetail: false }],
    ['IncludeDetail as xs:boolean 1', '<OrderId>HUB1</OrderId><IncludeDetail>1</IncludeDetail>', { IncludeDetail: true }],
    ['IncludeDetail in capitals', '<OrderId>HUB1</OrderId><IncludeDetail>TRUE</IncludeDetail>', { IncludeDetail: true }],
    ['values on their own lines', '<OrderId>\n  HUB1\n</OrderId>', { OrderId: 'HUB1' }],
  ])('takes %s, empty counting as absent', (_name, inner, expected) => {
    const result = request(inner);
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject(expected);
    if ('TaoBaoOrderId' in expected) expect(result.data?.OrderId).toBeUndefined();
    if ('OrderId' in expected && !('TaoBaoOrderId' in expected)) expect(result.data?.TaoBaoOrderId).toBeUndefined();
  });

  it.each([
    ['both ids empty', '<TaoBaoOrderId/><OrderId></OrderId>', 'TaoBaoOrderId: TaoBaoOrderId or OrderId is required'],
    ['a TaoBaoOrderId that is not digits', '<TaoBaoOrderId>12a</TaoBaoOrderId>', 'TaoBaoOrderId: must be digits'],
    ['an OrderId sent twice', '<OrderId>1</OrderId><OrderId>2</OrderId>', 'OrderId: expected string, received array'],
    ['IncludeDetail yes', '<OrderId>1</OrderId><IncludeDetail>yes</IncludeDetail>', 'IncludeDetail: must be true or false'],
  ])('refuses %s, naming the element', (_name, inner, message) => {
    const content = parseXmlRequest(`<SearchOrderRequest>${token}${inner}</SearchOrderRequest>`).content;
    const result = searchOrderRequestSchema.safeParse(content);
    expect(result.success ? undefined : describeIssue(result.error, content)).toBe(message);
  });

  it('keeps a 20-digit order id exactly', () => {
    const { content } = parseXmlRequest(
      '<SearchOrderRequest><TaoBaoOrderId>32542543254326351988</TaoBaoOrderId></SearchOrderRequest>',
    );
    expect(content.TaoBaoOrderId).toBe('32542543254326351988');
  });

  it('refuses an entity-expansion bomb in milliseconds, before parsing', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]><SearchOrderRequest><OrderId>&lol10;</OrderId></SearchOrderRequest>`;
    const started = performance.now();
    expect(codeOf(() => parseXmlRequest(bomb))).toBe(PartnerCode.InvalidRequest);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it.each([
    ['an ENTITY without DOCTYPE', '<SearchOrderRequest><!ENTITY x "y"></SearchOrderRequest>'],
    ['a lowercase doctype', '<!doctype x><SearchOrderRequest/>'],
    ['unclosed tags', '<SearchOrderRequest><OrderId>1</SearchOrderRequest>'],
    ['not XML', '{"order_id":"1"}'],
    ['two roots', '<A/><B/>'],
    ['nothing', ''],
  ])('refuses %s as INVALID_REQUEST', (_name, text) => {
    expect(codeOf(() => parseXmlRequest(text))).toBe(PartnerCode.InvalidRequest);
  });

  it.each([
    ['SearchOrderRequest', 'SearchOrderResponse'],
    ['CreateOrderRequest', 'CreateOrderResponse'],
    ['BookRQ', 'BookRS'],
    ['Other', 'OtherResponse'],
  ])('answers %s in %s', (request, response) => {
    expect(responseRootOf(request)).toBe(response);
  });
});

describe('SearchOrderResponse', () => {
  const entry = parseCatalog(testCatalog()).find('RT-DLX-TWIN') as CatalogEntry;
  const order = {
    orderId: '32542543254326351988',
    orderExtId: 'HUBGOLDEN0001',
    status: OrderStatus.Paid,
    confirmStatus: ConfirmStatus.Confirmed,
    booking: {
      spuExtId: 'RT-DLX-TWIN',
      supplierExtId: 'SUP-SEL-001',
      hotelCode: '10021918',
      reserveAmount: 2,
      checkIn: night(22),
      checkOut: night(24),
      totalPrice: 2 * (58800 + 78800),
      customerName: 'Guest',
      customerPhone: '13800000000',
      customerList: [{ cn_name: 'A' }, { cn_name: 'B' }, { cn_name: 'C' }],
      datePrice: [],
    },
  } as unknown as Order;

  it.each([
    [{ status: OrderStatus.Unpaid, confirmStatus: ConfirmStatus.Confirming }, 'PENDING'],
    [{ status: OrderStatus.Paid, confirmStatus: ConfirmStatus.Confirming }, 'PENDING'],
    [{ status: OrderStatus.Paid, confirmStatus: ConfirmStatus.PriceChanged }, 'PENDING'],
    [{ status: OrderStatus.Paid, confirmStatus: ConfirmStatus.Confirmed }, 'CONFIRMED'],
    [{ status: OrderStatus.Paid, confirmStatus: ConfirmStatus.OutOfStock, axRejected: true }, 'CANCELLED'],
    [{ status: OrderStatus.Cancelled, confirmStatus: ConfirmStatus.Confirmed }, 'CANCELLED'],
  ])('maps %j to %s', (state, expected) => {
    expect(partnerStatus({ ...order, ...state })).toBe(expected);
  });

  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123456, '1234.56'],
    [275200, '2752.00'],
  ])('prints %i fen as %s yuan', (fen, text) => {
    expect(yuan(fen)).toBe(text);
  });

  it('matches the golden full-detail response and parses back', () => {
    // Act
    const xml = buildXml({
      SearchOrderResponse: {
        ResponseTimestamp: 1795300000,
        TaoBaoOrderId: order.orderId,
        OrderId: order.orderExtId,
        OrderStatus: partnerStatus(order),
        TotalPrice: yuan(order.booking.totalPrice),
        CurrencyCode: 'CNY',
        Hotel: hotelNode(order, entry, [
          { day: day(22), fen: 58800 },
          { day: day(23), fen: 78800 },
        ]),
      },
    });

    // Assess
    expect(xml).toBe(fixture('search-order-detail.golden.xml'));
    const parsed = new XMLParser({ parseTagValue: false }).parse(xml).SearchOrderResponse;
    expect(parsed.TaoBaoOrderId).toBe('32542543254326351988');
    const rate = parsed.Hotel.RoomTypes.RoomType.RateInfos.RateInfo;
    expect(rate.CancelPolicyInfos.CancelPolicyInfo).toHaveLength(2);
    expect(rate.PaxPriceRooms.PaxPriceRoom).toHaveLength(2);
    expect(rate.PaxPriceRooms.PaxPriceRoom[0].DailyInfos.DailyInfo.map((day: { Price: string }) => day.Price)).toEqual([
      '588.00',
      '788.00',
    ]);
  });

  it('leaves CancelPolicyInfos out of a non-refundable rate', () => {
    const nrf = parseCatalog(testCatalog()).find('RT-STD-KING') as CatalogEntry;
    const node = hotelNode({ ...order, booking: { ...order.booking, spuExtId: 'RT-STD-KING', reserveAmount: 1 } }, nrf, []);
    const rate = node.RoomTypes.RoomType.RateInfos.RateInfo;
    expect(rate.Refundable).toBe(false);
    expect('CancelPolicyInfos' in rate).toBe(false);
    expect(rate.PaxPriceRooms.PaxPriceRoom).toHaveLength(1);
  });
});
