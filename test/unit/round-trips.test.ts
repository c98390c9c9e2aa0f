/**
 * Round trips at the edges (fast-check): what we sign verifies and nothing else does; what we write as XML
 * reads back the same, ids as strings; money in fen survives yuan and AX's decimal strings exactly; a night
 * written as yyyyMMdd reads back as the same day.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiplyAmount } from '../../lib/ax/money.js';
import { signSpi, verifySpi } from '../../lib/douyin/signature.js';
import { formatYmd, nightsBetween, parseYmd } from '../../lib/orders/index.js';
import { partnerSignature, verifyPartner } from '../../lib/partner/auth.js';
import { parseYuan, yuan } from '../../lib/partner/money.js';
import { buildXml, parseXmlRequest } from '../../lib/partner/xml.js';

const now = 1_800_000_000_000;

describe('signatures', () => {
  const queries = fc.dictionary(fc.stringMatching(/^[a-z_]{1,12}$/), fc.string({ maxLength: 20 }), { maxKeys: 4 });

  it('verifies what Douyin would sign, over any body and query, and refuses it once a byte of the body changes', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        queries,
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.nat(),
        (secret, extra, bytes, at) => {
          const query = new URLSearchParams({ ...extra, client_key: 'ck', timestamp: String(now) });
          const body = Buffer.from(bytes);
          const signature = signSpi(secret, query, body);
          expect(verifySpi({ clientSecret: secret, query, body, signature, now })).toEqual({ ok: true });
          const changed = Buffer.from(body);
          const index = at % changed.length;
          changed[index] = ((changed[index] ?? 0) + 1) % 256;
          expect(verifySpi({ clientSecret: secret, query, body: changed, signature, now }).ok).toBe(false);
        },
      ),
    );
  });

  it('verifies the partner’s SHA-256 of user, password and timestamp, in either case, and refuses another password', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        (user, password, other) => {
          fc.pre(password !== other);
          const timestamp = String(now / 1000);
          const signature = partnerSignature(user, password, timestamp);
          const passwords = new Map([[user, password]]);
          const check = (given: string) =>
            verifyPartner({ username: user, timestamp, signature: given, passwords, nowSeconds: now / 1000 });
          expect(check(signature)).toEqual({ ok: true });
          expect(check(signature.toUpperCase())).toEqual({ ok: true });
          expect(check(partnerSignature(user, other, timestamp)).ok).toBe(false);
        },
      ),
    );
  });
});

describe('XML', () => {
  // Element text as a partner may send it: ids of any length, names in any script, XML's own characters.
  const texts = fc.oneof(
    fc.stringMatching(/^\d{1,32}$/),
    fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() === text && text.trim() !== ''),
  );

  it('reads back what it writes, every value a string, ids exactly', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z]{0,15}$/), texts, { minKeys: 1, maxKeys: 6 }), (content) => {
        const { root, content: read } = parseXmlRequest(buildXml({ SearchOrderRequest: content }));
        expect(root).toBe('SearchOrderRequest');
        expect(read).toEqual(content);
      }),
    );
  });
});

describe('money', () => {
  it('writes fen as yuan with two decimals and reads it back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 14 }), (fen) => {
        const text = yuan(fen);
        expect(text).toMatch(/^\d+\.\d{2}$/);
        expect(parseYuan(text)).toBe(fen);
      }),
    );
  });

  it('refuses a yuan amount it cannot read to the fen', () => {
    for (const text of ['1.234', '-1.00', '1e3', '', 'abc', '1,00', '.5']) expect(parseYuan(text)).toBeUndefined();
    expect(parseYuan('638.5')).toBe(63850);
    expect(parseYuan(' 1576 ')).toBe(157600);
  });

  it('multiplies AX’s decimal strings exactly, as integers of 1/100000 would', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000_000 }),
        fc.nat({ max: 99_999 }),
        fc.integer({ min: 1, max: 9_000 }),
        (whole, fraction, times) => {
          const units = BigInt(whole) * 100_000n + BigInt(fraction);
          const text = `${whole}.${String(fraction).padStart(5, '0')}`;
          const product = multiplyAmount(text, times);
          const [integer = '', decimals = ''] = product.split('.');
          expect(BigInt(integer) * 100_000n + BigInt(decimals.padEnd(5, '0'))).toBe(units * BigInt(times));
        },
      ),
    );
  });
});

describe('nights', () => {
  // Every day of years 1–9999, as Date.UTC counts them.
  const days = fc.integer({ min: Date.UTC(1, 0, 1) / 86_400_000, max: Date.UTC(9999, 11, 31) / 86_400_000 });
  const dayOf = (day: number) => new Date(day * 86_400_000);

  it('writes a day as its ISO date without dashes and reads it back as the same day', () => {
    fc.assert(
      fc.property(days, (day) => {
        const ymd = formatYmd(dayOf(day));
        expect(ymd).toBe(dayOf(day).toISOString().slice(0, 10).replaceAll('-', ''));
        expect(parseYmd(ymd)?.getTime()).toBe(day * 86_400_000);
      }),
    );
  });

  it('counts a stay’s nights one calendar day apart, from check-in up to the day before check-out', () => {
    fc.assert(
      fc.property(days, fc.integer({ min: 0, max: 60 }), (start, length) => {
        const day = Math.min(start, Date.UTC(9999, 11, 31) / 86_400_000 - length);
        const nights = nightsBetween(formatYmd(dayOf(day)), formatYmd(dayOf(day + length)));
        expect(nights).toEqual(Array.from({ length }, (_, index) => formatYmd(dayOf(day + index))));
      }),
    );
  });

  it('refuses what is not a real yyyyMMdd date', () => {
    for (const value of ['20260230', '20261301', '20261200', '2026121', '2026-12-01', '2026120a', '']) {
      expect(parseYmd(value)).toBeUndefined();
    }
  });
});
