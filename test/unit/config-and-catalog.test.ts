import { describe, expect, it } from 'vitest';
import example from '../../lib/catalog/catalog.example.json' with { type: 'json' };
import { type CatalogEntry, CatalogError, parseCatalog } from '../../lib/catalog/catalog.js';
import { plansOf } from '../../lib/catalog/plans.js';
import { ConfigError, parseConfig } from '../../lib/config/config.js';
import { catalogWithRatePlans, GARDEN } from '../fixtures/rate-plans.js';

describe('configuration', () => {
  it('applies SPEC §6 defaults', () => {
    const config = parseConfig({});
    expect(config.douyin.baseUrl).toBe('https://open.douyin.com');
    expect(config.ax.baseUrl).toBe('https://test.ax-cloud.com');
    expect(config.retry).toEqual({ baseSeconds: 30, maxAttempts: 12, capSeconds: 900 });
    expect(config.axPollSeconds).toBe(60);
    expect(config.port).toBe(3000);
    expect(config.douyin.signature).toBe('off');
  });

  it('requires signatures by default once a client secret is configured', () => {
    expect(parseConfig({ DOUYIN_CLIENT_SECRET: 's' }).douyin.signature).toBe('required');
    expect(parseConfig({ DOUYIN_CLIENT_SECRET: 's', DOUYIN_SIGNATURE: 'off' }).douyin.signature).toBe('off');
  });

  it('parses partner credentials', () => {
    const { partner } = parseConfig({ PARTNER_CREDENTIALS: 'fliggy:pa:ss,other:x' });
    expect([...partner.credentials]).toEqual([
      ['fliggy', 'pa:ss'],
      ['other', 'x'],
    ]);
  });

  it('reads a value as meant when it is pasted with spaces or written in another case', () => {
    const config = parseConfig({
      MAX_ATTEMPTS: ' 5\n',
      DOUYIN_SIGNATURE: 'Required',
      DOUYIN_CLIENT_SECRET: 's',
      DOUYIN_ORDER_SYNC: 'ON',
      AX_BASE_URL: ' http://ax.test/ ',
    });
    expect(config.retry.maxAttempts).toBe(5);
    expect(config.douyin.signature).toBe('required');
    expect(config.douyin.orderSync).toBe(true);
    expect(config.ax.baseUrl).toBe('http://ax.test');
  });

  it.each([
    // The setting is named once, where the line starts.
    [{ MAX_ATTEMPTS: 'twelve' }, 'MAX_ATTEMPTS: must be a positive integer, got "twelve"'],
    [{ RETRY_BASE_SECONDS: '0' }, 'RETRY_BASE_SECONDS'],
    [{ DOUYIN_BASE_URL: 'not a url' }, 'DOUYIN_BASE_URL: must be an http(s) URL'],
    [{ DOUYIN_SIGNATURE: 'maybe' }, 'DOUYIN_SIGNATURE: must be one of required, off, got "maybe"'],
    [{ DOUYIN_ORDER_SYNC: 'yes' }, 'DOUYIN_ORDER_SYNC: must be one of on, off, got "yes"'],
    [{ PARTNER_CREDENTIALS: 'nopassword' }, 'PARTNER_CREDENTIALS: must be user:password pairs'],
    [{ PORT: '-1' }, 'PORT'],
    [{ DOUYIN_SIGNATURE: 'required' }, 'DOUYIN_SIGNATURE: is required but DOUYIN_CLIENT_SECRET is empty'],
    [
      { DOUYIN_SIGNATURE: 'required', DOUYIN_CLIENT_SECRET: '   ' },
      'DOUYIN_SIGNATURE: is required but DOUYIN_CLIENT_SECRET is empty',
    ],
  ])('stops on %j with one line naming the setting', (env, message) => {
    expect(() => parseConfig(env)).toThrowError(ConfigError);
    expect(() => parseConfig(env)).toThrowError(message);
  });
});

describe('catalog', () => {
  const clone = () => structuredClone(example) as unknown as { hotels: Record<string, unknown>[] };

  it('reads the example catalog and finds room types by spuExtId', () => {
    const index = parseCatalog(example);
    expect(index.find('RT-STD-KING')?.roomType.ax?.optionCode).toBe('OPT-STD-KING');
    expect(index.find('RT-DLX-TWIN')?.hotel.hotelCode).toBe('10021918');
    expect(index.find('nope')).toBeUndefined();
  });

  it.each([
    [
      'a refundable rate without cancel policies',
      (catalog: ReturnType<typeof clone>) => {
        const roomTypes = catalog.hotels[0]?.roomTypes as { rate: Record<string, unknown> }[];
        delete (roomTypes[0] as { rate: Record<string, unknown> }).rate.cancelPolicies;
      },
      'hotels[0] (SUP-SEL-001).roomTypes[0] (RT-DLX-TWIN).rate.cancelPolicies: required when refundable is true',
    ],
    [
      'a bad AX email',
      (catalog: ReturnType<typeof clone>) => {
        const roomTypes = catalog.hotels[0]?.roomTypes as { ax?: Record<string, unknown> }[];
        (roomTypes[1]?.ax as Record<string, unknown>).contactEmail = 'not-an-email';
      },
      'roomTypes[1] (RT-STD-KING).ax.contactEmail',
    ],
    [
      'a duplicate spuExtId',
      (catalog: ReturnType<typeof clone>) => {
        catalog.hotels.push({ ...(catalog.hotels[0] as object), supplierExtId: 'SUP-2' });
      },
      'spuExtId RT-DLX-TWIN appears in hotels SUP-SEL-001 and SUP-2',
    ],
    [
      'an AX price with more than five decimals',
      (catalog: ReturnType<typeof clone>) => {
        const roomTypes = catalog.hotels[0]?.roomTypes as { ax?: Record<string, unknown> }[];
        (roomTypes[1]?.ax as Record<string, unknown>).unitSellingPrice = 12.123456;
      },
      'roomTypes[1] (RT-STD-KING).ax.unitSellingPrice: must be a non-negative decimal with at most 5 places',
    ],
    [
      'a nightly price in yuan',
      (catalog: ReturnType<typeof clone>) => {
        const roomTypes = catalog.hotels[0]?.roomTypes as { rate: { nightlyPrices: Record<string, number> } }[];
        (roomTypes[0] as { rate: { nightlyPrices: Record<string, number> } }).rate.nightlyPrices.default = 588.5;
      },
      'roomTypes[0] (RT-DLX-TWIN).rate.nightlyPrices.default: must be an integer',
    ],
  ])('refuses %s as a whole, naming the entry', (_name, breakIt, message) => {
    const catalog = clone();
    breakIt(catalog);
    expect(() => parseCatalog(catalog)).toThrowError(CatalogError);
    expect(() => parseCatalog(catalog)).toThrowError(message);
  });

  it('takes how a supplier writes the rest and normalises it: currencies in any case, "+86", an AX price as a number', () => {
    const catalog = clone();
    const hotel = catalog.hotels[0] as Record<string, unknown>;
    hotel.currency = 'cny';
    const ax = (hotel.roomTypes as { ax?: Record<string, unknown> }[])[1]?.ax as Record<string, unknown>;
    Object.assign(ax, { currency: 'krw', nationalCode: '+86', unitSellingPrice: 120000.5 });

    const entry = parseCatalog(catalog).find('RT-STD-KING');

    expect(entry?.hotel.currency).toBe('CNY');
    expect(entry?.roomType.ax).toMatchObject({ currency: 'KRW', nationalCode: '86', unitSellingPrice: '120000.5' });
  });
});

describe('a catalog with rate plans', () => {
  type Plan = Record<string, unknown> & { channels?: Record<string, unknown> };
  const withPlans = (change: (plans: Plan[], roomType: Record<string, unknown>) => void) => {
    const catalog = catalogWithRatePlans();
    const roomType = catalog.hotels.at(-1)?.roomTypes[0] as unknown as Record<string, unknown>;
    change(roomType.ratePlans as Plan[], roomType);
    return catalog;
  };

  it('reads both plans, and the single rate of a room type before plans as one plan sold on Douyin as the room type', () => {
    const index = parseCatalog(catalogWithRatePlans());
    expect(plansOf((index.find(GARDEN) as CatalogEntry).roomType).map((plan) => plan.code)).toEqual(['BAR', 'NRF']);
    const legacy = plansOf((index.find('RT-DLX-TWIN') as CatalogEntry).roomType);
    expect(legacy).toMatchObject([{ code: 'BAR', channels: { douyin: { spuExtId: 'RT-DLX-TWIN' } } }]);
  });

  it.each([
    [
      'a derived plan with prices of its own',
      (plans: Plan[]) => Object.assign(plans[1] as Plan, { nightlyPrices: { default: 1 } }),
      'ratePlans[1].nightlyPrices: a derived plan has no prices of its own',
    ],
    [
      'a parent the room type has not',
      (plans: Plan[]) => Object.assign(plans[1] as Plan, { derivedFrom: { ratePlan: 'XYZ', percent: 1 } }),
      'derived from XYZ, which the room type has not',
    ],
    [
      'a cycle of derived plans',
      (plans: Plan[]) => {
        Object.assign(plans[0] as Plan, { derivedFrom: { ratePlan: 'NRF', amount: 100 } });
        delete (plans[0] as Plan).nightlyPrices;
      },
      'derived from itself',
    ],
    [
      'a channel nobody registered',
      (plans: Plan[]) => Object.assign(plans[0] as Plan, { channels: { fliggy: {} } }),
      'names channel fliggy',
    ],
    [
      'minStay above maxStay',
      (plans: Plan[]) => Object.assign(plans[0] as Plan, { rules: { minStay: 3, maxStay: 2 } }),
      'minStay must not be above maxStay',
    ],
    [
      'a percentage with three decimals',
      (plans: Plan[]) => Object.assign(plans[1] as Plan, { derivedFrom: { ratePlan: 'BAR', percent: -12.345 } }),
      'at most two decimals',
    ],
    ['two plans of one code', (plans: Plan[]) => Object.assign(plans[1] as Plan, { code: 'BAR' }), 'rate plan BAR appears twice'],
    [
      'a Douyin spu_ext_id another room type is sold as',
      (plans: Plan[]) => Object.assign(plans[1] as Plan, { channels: { douyin: { spuExtId: 'RT-DLX-TWIN' } } }),
      'is sold on Douyin as RT-DLX-TWIN, which RT-DLX-TWIN BAR is sold as already',
    ],
    [
      'both a rate and rate plans',
      (_plans: Plan[], roomType: Record<string, unknown>) =>
        Object.assign(roomType, { rate: structuredClone(example.hotels[0]?.roomTypes[0]?.rate) }),
      'needs exactly one of rate or ratePlans',
    ],
  ])('refuses %s, naming it', (_name, change, message) => {
    expect(() => parseCatalog(withPlans(change))).toThrowError(message);
  });
});
