/**
 * The partner sells, end to end on the local stack (DynamoDB Local, fauxqs, the HTTP path): it finds, books,
 * polls and cancels rooms from the allotment Douyin sells from; both channels racing for the last rooms hold
 * exactly as many as there are; its guest data is masked by `ops show` and erased by the retention run.
 */

import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrder } from '../../lib/app/orders.js';
import { stores } from '../../lib/store/stores.js';
import { day, night } from '../../local/calendar.js';
import { partnerToken } from '../support/requests.js';
import { at, type Node } from '../support/xml-node.js';
import { commitBody, douyinPost, type Harness, ops, opsDataDir, startHarness } from './harness.js';

const data = opsDataDir('partner-selling');
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ endpointsFile: data.endpointsFile, env: { PII_RETENTION_DAYS: '1' } });
  process.env.DATA_DIR = data.dir;
});
afterAll(async () => {
  await harness.stop();
  data.remove();
});

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'RoomType' });

async function post(path: string, xml: string): Promise<Node> {
  const response = await fetch(`${harness.stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: xml,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
  const document = parser.parse(await response.text()) as Record<string, Node>;
  const root = Object.keys(document).find((key) => key !== '?xml') as string;
  return document[root] as Node;
}

const rateOf = (body: Node) => at(body, 'Hotel', 'RoomTypes', 'RoomType', 0, 'RateInfos', 'RateInfo');

/** RoomAvailability for one room of the suite, then a CreateOrder with its key and total. */
async function book(id: string, checkIn: string, checkOut: string, path = '/partner'): Promise<Node> {
  const stay = `<HotelCode>10021918</HotelCode><RoomTypeCode>RT-FAM-SUITE</RoomTypeCode><RateCode>BAR</RateCode><CheckIn>${checkIn}</CheckIn><CheckOut>${checkOut}</CheckOut>`;
  const quoted = await post(
    path,
    `<RoomAvailabilityRequest>${partnerToken()}${stay}<RateKey></RateKey><PaxRooms><PaxRoom><RoomIndex>1</RoomIndex><Adults>2</Adults><Children>0</Children></PaxRoom></PaxRooms></RoomAvailabilityRequest>`,
  );
  if (quoted.Error !== undefined) return quoted;
  const rate = rateOf(quoted);
  return post(
    path,
    `<CreateOrderRequest>${partnerToken()}<TaoBaoOrderId>${id}</TaoBaoOrderId>${stay}<RateKey>${String(rate.RateKey)}</RateKey><TotalPrice>${String(rate.TotalPrice)}</TotalPrice><CurrencyCode>CNY</CurrencyCode><ContactSurname>Zhang</ContactSurname><ContactName>San</ContactName><ContactPhone>13912345678</ContactPhone><ContactEmail>zhangsan@example.com</ContactEmail><Memo>late arrival, call 13912345678</Memo><PaxNameRooms><PaxNameRoom><RoomIndex>1</RoomIndex><PaxNames><PaxName><Name>San</Name><Surname>Zhang</Surname><Type>Adults</Type></PaxName></PaxNames></PaxNameRoom></PaxNameRooms></CreateOrderRequest>`,
  );
}

describe('the partner sells from the same allotment as Douyin', () => {
  it('finds, books, polls and cancels rooms end to end, and the allotment follows', async () => {
    // Find
    const found = await post(
      '/hotelRooms',
      `<HotelRoomsRequest>${partnerToken()}<HotelCode>10021918</HotelCode><CheckIn>${day(151)}</CheckIn><CheckOut>${day(153)}</CheckOut><PaxRooms><PaxRoom><RoomIndex>1</RoomIndex><Adults>2</Adults><Children>0</Children></PaxRoom></PaxRooms></HotelRoomsRequest>`,
    );
    expect((((found.Hotel as Node).RoomTypes as Node).RoomType as Node[]).map((roomType) => roomType.RoomTypeCode)).toContain(
      'RT-FAM-SUITE',
    );

    // Book
    const created = await book('41000000000000000001', day(151), day(153));
    expect(created).toMatchObject({ TaoBaoOrderId: '41000000000000000001', OrderId: expect.stringMatching(/^HUB/) });
    const stock = await stores().nights.read('RT-FAM-SUITE', { first: night(151), last: night(152) });
    expect([...stock.values()].map((night) => night.held)).toEqual([1, 1]);

    // Poll
    const polled = await post(
      '/searchOrder',
      `<SearchOrderRequest>${partnerToken()}<TaoBaoOrderId>41000000000000000001</TaoBaoOrderId><IncludeDetail>true</IncludeDetail></SearchOrderRequest>`,
    );
    expect(polled).toMatchObject({
      OrderId: created.OrderId,
      OrderStatus: 'CONFIRMED',
      TotalPrice: '1976.00',
      CurrencyCode: 'CNY',
    });

    // Cancel, twice
    const cancel = `<CancelOrderRequest>${partnerToken()}<TaoBaoOrderId>41000000000000000001</TaoBaoOrderId></CancelOrderRequest>`;
    expect(await post('/cancelOrder', cancel)).toMatchObject({ OrderId: created.OrderId });
    expect(await post('/cancelOrder', cancel)).toMatchObject({ OrderId: created.OrderId });
    const after = await stores().nights.read('RT-FAM-SUITE', { first: night(151), last: night(152) });
    expect([...after.values()].map((night) => night.held)).toEqual([0, 0]);
  });

  it('holds exactly the last rooms there are when Douyin commits and the partner creates for them at once', async () => {
    // Prepare: 3 rooms left on night 182.
    await stores().nights.setAllotment('RT-FAM-SUITE', night(182), 3, true);
    const douyin = Array.from({ length: 6 }, () =>
      commitBody({ spu_ext_id: 'RT-FAM-SUITE', status: 1, check_in: night(182), check_out: night(183), total_price: 98800 }),
    );

    // Act
    const partnerIds = Array.from({ length: 6 }, (_, index) => `4200000000000000000${index}`);
    const [douyinReplies, partnerReplies] = await Promise.all([
      Promise.all(douyin.map((body) => douyinPost(harness.stack, 'commit', body))),
      Promise.all(partnerIds.map((id) => book(id, day(182), day(183)))),
    ]);

    // Assess: every Douyin commit is taken; the partner's creates answer or NO_INVENTORY; 3 hold in all.
    expect(douyinReplies.every((reply) => reply.error_code === 0)).toBe(true);
    const douyinHeld = (await Promise.all(douyin.map((body) => getOrder({ channel: 'douyin', orderId: body.order_id })))).filter(
      (order) => order?.inventory?.state === 'held',
    ).length;
    const partnerHeld = partnerReplies.filter((reply) => reply.OrderId !== undefined).length;
    const refused = partnerReplies.filter((reply) => (reply.Error as Node | undefined)?.Code === 'NO_INVENTORY').length;
    expect(douyinHeld + partnerHeld).toBe(3);
    expect(partnerHeld + refused).toBe(6);
    expect((await stores().nights.read('RT-FAM-SUITE', { first: night(182), last: night(182) })).get(night(182))).toMatchObject({
      held: 3,
      available: 0,
    });
  });

  it('shows a partner order by TaoBaoOrderId or OrderId with the guest masked, and erases the guest after check-out', async () => {
    // Prepare: a stay that checked out long ago, booked before the retention run.
    await stores().nights.setAllotment('RT-FAM-SUITE', night(212), 8, true);
    const created = await book('43000000000000000001', day(212), day(213));
    const byPartnerId = (await ops('show', '43000000000000000001')).out;
    expect(byPartnerId).toContain(`partner order 43000000000000000001 (order_ext_id ${String(created.OrderId)})`);
    expect(byPartnerId).toContain('guest Z*** 139****5678 z***@example.com');
    expect(byPartnerId).not.toContain('Zhang');
    expect((await ops('show', String(created.OrderId))).out).toContain('partner order 43000000000000000001');

    // Act: the retention run, as if a year had passed.
    const { eraseExpiredGuestData } = await import('../../lib/privacy/retention.js');
    await eraseExpiredGuestData({ now: Date.now() + 400 * 86_400_000 });

    // Assess: the order and its XML history hold no guest data; ids, dates and money stay.
    const order = await getOrder({ channel: 'partner', orderId: '43000000000000000001' });
    expect(order?.booking).toMatchObject({
      customerName: '[erased]',
      customerPhone: '[erased]',
      customerList: [],
      totalPrice: 98800,
    });
    expect(order?.booking.customerEmail).toBeUndefined();
    const history = await stores().history.list({ channel: 'partner', orderId: '43000000000000000001' });
    const create = history.find((entry) => entry.route === 'createOrder');
    expect(create?.rawBody).toContain('<TaoBaoOrderId>43000000000000000001</TaoBaoOrderId>');
    expect(create?.rawBody).not.toMatch(/Zhang|13912345678|zhangsan/);
  });
});
