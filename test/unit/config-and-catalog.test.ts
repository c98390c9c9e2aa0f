import { describe, expect, it } from 'vitest';
import example from '../../lib/catalog/catalog.example.json' with { type: 'json' };
import { CatalogError, parseCatalog } from '../../lib/catalog/catalog.js';
import { ConfigError, parseConfig } from '../../lib/config/config.js';

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
