/**
 * Rate plans on DynamoDB Local (SPEC §5b): each plan's overrides live on the room type's night items and come
 * back from the one range query with the allotment; and two plans of one room type, sold on both channels,
 * race for its last room, which exactly one booking gets.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCatalog } from '../../lib/app/catalog.js';
import { getOrder } from '../../lib/app/orders.js';
import { parseCatalog } from '../../lib/catalog/catalog.js';
import { stores } from '../../lib/store/stores.js';
import { day, night } from '../../local/calendar.js';
import { catalogWithRatePlans, GARDEN, GARDEN_HOTEL } from '../fixtures/rate-plans.js';
import { partnerToken } from '../support/requests.js';
import { at, type Node } from '../support/xml-node.js';
import { commitBody, douyinPost, type Harness, startHarness } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'channel-hub-plans-')), 'catalog.json');
  writeFileSync(file, JSON.stringify(catalogWithRatePlans()));
  harness = await startHarness({ env: { CATALOG_FILE: file } });
});
afterAll(async () => {
  await harness.stop();
});

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => ['RoomType', 'RateInfo'].includes(name) });
async function partner(xml: string): Promise<Node> {
  const text = await (await fetch(`${harness.stack.url}/partner`, { method: 'POST', body: xml })).text();
  const document = parser.parse(text) as Record<string, Node>;
  return document[Object.keys(document).find((key) => key !== '?xml') as string] as Node;
}

describe('rate plans on DynamoDB', () => {
  it('keeps each plan’s overrides on the night, clears one back to the default, and answers what was there before', async () => {
    const { nights } = stores();
    expect(await nights.setPlanNight(GARDEN, night(50), 'BAR', { price: 61000, closedFor: ['partner'], minStay: 2 })).toEqual({});
    await nights.setPlanNight(GARDEN, night(50), 'NRF', { closed: true, cutoffTime: '18:00' });
    const before = await nights.setPlanNight(GARDEN, night(50), 'BAR', { price: 62000, minStay: null, closedFor: [] });

    const read = (await nights.read(GARDEN, { first: night(50), last: night(50) })).get(night(50));
    expect(before).toEqual({ price: 61000, minStay: 2, closedFor: ['partner'] });
    expect(read?.plans).toEqual({ BAR: { price: 62000, closedFor: [] }, NRF: { closed: true, cutoffTime: '18:00' } });
  });

  it('keeps a markup set since the load on the room type’s catalog item through a load, and drops it with a reset', async () => {
    const { catalog } = stores();
    expect(await catalog.setMarkup(GARDEN, 'BAR', 'partner', 12.5)).toBeUndefined();
    expect(await catalog.setMarkup(GARDEN, 'BAR', 'partner', 11)).toBe(12.5);
    expect((await catalog.roomType(GARDEN))?.markups).toEqual({ BAR: { partner: 11 } });

    await writeCatalog(parseCatalog(catalogWithRatePlans()));
    expect((await catalog.entries()).find((entry) => entry.roomType.spuExtId === GARDEN)?.markups).toEqual({
      BAR: { partner: 11 },
    });
    await writeCatalog(parseCatalog(catalogWithRatePlans()), { resetAri: true });
    expect((await catalog.roomType(GARDEN))?.markups).toBeUndefined();
    const cleared = await stores().ariHistory.list(GARDEN, { first: '00000000', last: '99999999' }, 'BAR');
    expect(cleared.find((entry) => entry.field === 'markup.partner')).toMatchObject({ who: 'catalog', before: 11, after: 8 });
  });

  it('gives the last room to exactly one booking when both plans ask for it on both channels at once', async () => {
    await stores().nights.setAllotment(GARDEN, night(60), 1, true);
    const douyin = [GARDEN, `${GARDEN}-NRF`, GARDEN, `${GARDEN}-NRF`].map((spu) =>
      commitBody({ spu_ext_id: spu, status: 1, check_in: night(60), check_out: night(61), total_price: 0 }),
    );
    const stay = (rate: string) =>
      `<HotelCode>${GARDEN_HOTEL}</HotelCode><RoomTypeCode>${GARDEN}</RoomTypeCode><RateCode>${rate}</RateCode><CheckIn>${day(60)}</CheckIn><CheckOut>${day(61)}</CheckOut>`;
    const pax = '<PaxRooms><PaxRoom><RoomIndex>1</RoomIndex><Adults>2</Adults><Children>0</Children></PaxRoom></PaxRooms>';
    const quotes = await Promise.all(
      ['BAR', 'NRF'].map(async (rate) => ({
        rate,
        info: at(
          await partner(`<RoomAvailabilityRequest>${partnerToken()}${stay(rate)}${pax}</RoomAvailabilityRequest>`),
          'Hotel',
          'RoomTypes',
          'RoomType',
          0,
          'RateInfos',
          'RateInfo',
          0,
        ),
      })),
    );
    const creates = quotes.map(({ rate, info }, index) =>
      partner(
        `<CreateOrderRequest>${partnerToken()}<TaoBaoOrderId>6100000000000000000${index}</TaoBaoOrderId>${stay(rate)}<RateKey>${String(info.RateKey)}</RateKey><TotalPrice>${String(info.TotalPrice)}</TotalPrice><CurrencyCode>CNY</CurrencyCode><ContactName>Li</ContactName><PaxNameRooms><PaxNameRoom><RoomIndex>1</RoomIndex><PaxNames><PaxName><Name>Lei</Name><Surname>Li</Surname></PaxName></PaxNames></PaxNameRoom></PaxNameRooms></CreateOrderRequest>`,
      ),
    );

    const [partnerReplies, douyinReplies] = await Promise.all([
      Promise.all(creates),
      Promise.all(douyin.map((body) => douyinPost(harness.stack, 'commit', body))),
    ]);

    expect(douyinReplies.every((reply) => reply.error_code === 0)).toBe(true);
    const douyinHeld = (await Promise.all(douyin.map((body) => getOrder({ channel: 'douyin', orderId: body.order_id })))).filter(
      (order) => order?.inventory?.state === 'held',
    ).length;
    const partnerHeld = partnerReplies.filter((reply) => reply.OrderId !== undefined).length;
    expect(douyinHeld + partnerHeld).toBe(1);
    expect((await stores().nights.read(GARDEN, { first: night(60), last: night(60) })).get(night(60))).toMatchObject({
      held: 1,
      available: 0,
    });
  });
});
