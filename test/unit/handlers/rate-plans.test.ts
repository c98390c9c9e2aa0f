/**
 * Rate plans on one allotment (SPEC §5b), through the channels' handlers on the in-memory stores: a room type
 * sold at BAR and at NRF (derived, −12 %), Douyin at the plan's price and the partner at 8 % more, every stay
 * rule refusing on each channel as the contract says, and both plans holding from the room type's two rooms.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCatalog } from '../../../lib/app/catalog.js';
import { getOrder } from '../../../lib/app/orders.js';
import { parseCatalog } from '../../../lib/catalog/catalog.js';
import { day, night } from '../../../local/calendar.js';
import { catalogWithRatePlans, GARDEN, GARDEN_HOTEL } from '../../fixtures/rate-plans.js';
import { at, type Node } from '../../support/xml-node.js';
import { commitBody, partnerToken, startUnitStack, type UnitStack } from './unit-stack.js';

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => ['RoomType', 'RateInfo', 'DailyInfo'].includes(name) });

let stack: UnitStack;
beforeEach(async () => {
  stack = await startUnitStack();
  await writeCatalog(parseCatalog(catalogWithRatePlans()));
});
afterEach(async () => {
  await stack.stop();
});

const pax = '<PaxRooms><PaxRoom><RoomIndex>1</RoomIndex><Adults>2</Adults><Children>0</Children></PaxRoom></PaxRooms>';
const stayXml = (from: number, to: number) => `<CheckIn>${day(from)}</CheckIn><CheckOut>${day(to)}</CheckOut>`;

async function partner(root: string, inner: string): Promise<Node> {
  const xml = await stack.partnerPost('partner', `<${root}>${partnerToken()}${inner}</${root}>`);
  const document = parser.parse(xml) as Record<string, Node>;
  return document[root.replace('Request', 'Response')] as Node;
}

/** The partner's offers for the garden hotel: RateCode → TotalPrice. */
async function partnerOffers(from: number, to: number): Promise<Record<string, string> | { error: string }> {
  const body = await partner('HotelRoomsRequest', `<HotelCode>${GARDEN_HOTEL}</HotelCode>${stayXml(from, to)}${pax}`);
  if (body.Error !== undefined) return { error: String((body.Error as Node).Code) };
  const rates = at(body, 'Hotel', 'RoomTypes', 'RoomType', 0, 'RateInfos').RateInfo as Node[];
  return Object.fromEntries(rates.map((rate) => [String(rate.RateCode), String(rate.TotalPrice)]));
}

const availability = (rate: string, from: number, to: number) =>
  partner(
    'RoomAvailabilityRequest',
    `<HotelCode>${GARDEN_HOTEL}</HotelCode><RoomTypeCode>${GARDEN}</RoomTypeCode><RateCode>${rate}</RateCode>${stayXml(from, to)}<PaymentType>1</PaymentType>${pax}`,
  );

const pull = (spu: string, from: number, to: number) =>
  stack.douyinGet({ spu_ext_id: spu, start_date: night(from), end_date: night(to) });

const setNight = (plan: string, n: number, change: Record<string, unknown>) =>
  stack.stores.nights.setPlanNight(GARDEN, night(n), plan, change);

describe('rate plans on one allotment', () => {
  it('prices both plans on each channel: the derived one follows its parent, the partner pays its markup', async () => {
    // 2 nights: BAR 50000 a night, NRF 44000; the partner +8 %: 54000 and 47520.
    expect(await partnerOffers(20, 22)).toEqual({ BAR: '1080.00', NRF: '950.40' });
    expect((await pull(`${GARDEN}-NRF`, 20, 22)).data).toEqual([
      { spu_ext_id: `${GARDEN}-NRF`, start_date: night(20), end_date: night(22), price: 44000, stock: 2 },
    ]);

    // Act: BAR's first night goes to 60000; NRF follows (52800).
    await setNight('BAR', 20, { price: 60000 });

    // Assess
    expect(await partnerOffers(20, 22)).toEqual({ BAR: '1188.00', NRF: '1045.44' });
    expect((await pull(GARDEN, 20, 21)).data).toEqual([expect.objectContaining({ price: 60000 })]);
    expect((await pull(`${GARDEN}-NRF`, 20, 21)).data).toEqual([expect.objectContaining({ price: 52800 })]);
  });

  it('books a plan on Douyin by its own spu_ext_id, holding from the room type’s allotment, at Douyin’s price', async () => {
    const body = commitBody({
      spu_ext_id: `${GARDEN}-NRF`,
      status: 1,
      check_in: night(20),
      check_out: night(22),
      total_price: 88000,
    });
    expect(await stack.douyinPost('commit', body)).toMatchObject({ error_code: 0 });
    await stack.drain();
    expect(await getOrder({ channel: 'douyin', orderId: body.order_id })).toMatchObject({
      booking: { spuExtId: GARDEN, rateCode: 'NRF' },
      inventory: { state: 'held' },
      confirmStatus: 0,
    });
    expect((await pull(GARDEN, 20, 22)).data).toEqual([expect.objectContaining({ stock: 1 })]);
    // A total at the partner's price is a changed price on Douyin.
    const dear = commitBody({
      spu_ext_id: `${GARDEN}-NRF`,
      status: 1,
      check_in: night(30),
      check_out: night(31),
      total_price: 47520,
    });
    await stack.douyinPost('commit', dear);
    await stack.drain();
    expect(stack.douyin.acceptedStatus(dear.order_id)).toBe(1);
  });

  it('gives the last room to exactly one booking when both plans ask for it on both channels', async () => {
    await stack.stores.nights.setAllotment(GARDEN, night(40), 1, false);
    const douyinBodies = [GARDEN, `${GARDEN}-NRF`].map((spu) =>
      commitBody({ spu_ext_id: spu, status: 1, check_in: night(40), check_out: night(41), total_price: 0 }),
    );
    const quoted = await availability('BAR', 40, 41);
    const rate = at(quoted, 'Hotel', 'RoomTypes', 'RoomType', 0, 'RateInfos', 'RateInfo', 0);
    const create = partner(
      'CreateOrderRequest',
      `<TaoBaoOrderId>6000000000000000001</TaoBaoOrderId><HotelCode>${GARDEN_HOTEL}</HotelCode><RoomTypeCode>${GARDEN}</RoomTypeCode><RateCode>BAR</RateCode>${stayXml(40, 41)}<RateKey>${String(rate.RateKey)}</RateKey><TotalPrice>${String(rate.TotalPrice)}</TotalPrice><CurrencyCode>CNY</CurrencyCode><ContactName>Li</ContactName><PaxNameRooms><PaxNameRoom><RoomIndex>1</RoomIndex><PaxNames><PaxName><Name>Lei</Name><Surname>Li</Surname></PaxName></PaxNames></PaxNameRoom></PaxNameRooms>`,
    );

    const [created] = await Promise.all([create, ...douyinBodies.map((body) => stack.douyinPost('commit', body))]);
    await stack.drain();

    const douyinHeld = await Promise.all(
      douyinBodies.map(async (body) => (await getOrder({ channel: 'douyin', orderId: body.order_id }))?.inventory?.state),
    );
    const partnerHeld = created.Error === undefined ? 1 : 0;
    expect(douyinHeld.filter((state) => state === 'held').length + partnerHeld).toBe(1);
    expect((await stack.stores.nights.read(GARDEN, { first: night(40), last: night(40) })).get(night(40))).toMatchObject({
      held: 1,
      available: 0,
    });
  });
});

describe('stay rules on every channel', () => {
  it('closes a plan to the partner only: HotelRooms leaves it out, RoomAvailability names the rule and night, Douyin still sells it', async () => {
    await setNight('BAR', 21, { closedFor: ['partner'] });
    expect(await partnerOffers(20, 22)).toEqual({ NRF: '950.40' });
    const refused = await availability('BAR', 20, 22);
    expect(refused.Error).toMatchObject({ Code: 'NO_INVENTORY', Message: expect.stringContaining(`closedFor on ${day(21)}`) });
    expect((await pull(GARDEN, 21, 22)).data).toEqual([expect.objectContaining({ stock: 2 })]);
  });

  it('lists a night closed to Douyin with stock 0, and a commit on it is kept, holds nothing and is confirmed 2', async () => {
    await setNight('NRF', 25, { closed: true });
    expect((await pull(`${GARDEN}-NRF`, 25, 26)).data).toEqual([expect.objectContaining({ start_date: night(25), stock: 0 })]);
    expect((await pull(GARDEN, 25, 26)).data).toEqual([expect.objectContaining({ stock: 2 })]);

    const body = commitBody({
      spu_ext_id: `${GARDEN}-NRF`,
      status: 1,
      check_in: night(24),
      check_out: night(26),
      total_price: 88000,
    });
    expect(await stack.douyinPost('commit', body)).toMatchObject({ error_code: 0, order_ext_id: expect.any(String) });
    await stack.drain();

    expect(await getOrder({ channel: 'douyin', orderId: body.order_id })).toMatchObject({
      inventory: { state: 'out-of-stock', refusedBy: expect.stringContaining(`closed on ${day(25)}`) },
      confirmStatus: 2,
    });
    expect(stack.douyin.acceptedStatus(body.order_id)).toBe(2);
    expect((await pull(GARDEN, 24, 26)).data).toEqual([expect.objectContaining({ stock: 2 })]);
  });

  it.each([
    ['minStay', { minStay: 3 }, 20, 20, 22],
    ['maxStay', { maxStay: 1 }, 20, 20, 22],
    ['closedToArrival', { closedToArrival: true }, 20, 20, 22],
    ['closedToDeparture', { closedToDeparture: true }, 22, 20, 22],
    ['maxAdvanceDays', { maxAdvanceDays: 10 }, 20, 20, 22],
  ])(
    'refuses a stay by %s on the partner with the rule and night named, and takes the stay the rule allows',
    async (rule, change, on, from, to) => {
      await setNight('BAR', on, change);
      const refused = await availability('BAR', from, to);
      expect(refused.Error).toMatchObject({ Code: 'NO_INVENTORY', Message: expect.stringContaining(`${rule} on ${day(on)}`) });
      // NRF has rules of its own: unaffected.
      expect((await availability('NRF', from, to)).Error).toBeUndefined();
    },
  );

  it('refuses a partner CreateOrder quoted before the rule was set, without holding', async () => {
    const quoted = await availability('BAR', 20, 21);
    const rate = at(quoted, 'Hotel', 'RoomTypes', 'RoomType', 0, 'RateInfos', 'RateInfo', 0);
    await setNight('BAR', 20, { minStay: 2 });
    const created = await partner(
      'CreateOrderRequest',
      `<TaoBaoOrderId>6000000000000000002</TaoBaoOrderId><HotelCode>${GARDEN_HOTEL}</HotelCode><RoomTypeCode>${GARDEN}</RoomTypeCode><RateCode>BAR</RateCode>${stayXml(20, 21)}<RateKey>${String(rate.RateKey)}</RateKey><TotalPrice>${String(rate.TotalPrice)}</TotalPrice><CurrencyCode>CNY</CurrencyCode><ContactName>Li</ContactName><PaxNameRooms><PaxNameRoom><RoomIndex>1</RoomIndex><PaxNames><PaxName><Name>Lei</Name><Surname>Li</Surname></PaxName></PaxNames></PaxNameRoom></PaxNameRooms>`,
    );
    expect(created.Error).toMatchObject({ Code: 'NO_INVENTORY', Message: expect.stringContaining(`minStay on ${day(20)}`) });
    expect((await pull(GARDEN, 20, 21)).data).toEqual([expect.objectContaining({ stock: 2 })]);
  });
});
