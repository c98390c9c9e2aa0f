/**
 * The partner's RateKey (SPEC §3b, reference §5): opaque to the partner, at most 200 characters, and
 * unforgeable. It carries when it was issued, the rooms, the quoted total in fen and the currency, and a MAC
 * over those and what the request names beside it (hotel, room type, rate, dates, payment type), so nothing is
 * stored: CreateOrder recomputes the MAC from its own fields. `FH1.<issuedAt>.<rooms>.<total>.<currency>.<mac>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { dashedYmd } from '../orders/index.js';

/** What a key quotes: the request's own fields (dates yyyyMMdd) and the quote's rooms, total and currency. */
export interface QuotedRate {
  hotelCode: string;
  roomTypeCode: string;
  rateCode: string;
  checkIn: string;
  checkOut: string;
  rooms: number;
  paymentType: number;
  currency: string;
  totalFen: number;
}

const VERSION = 'FH1';

function mac(secret: string, rate: QuotedRate, issuedAt: number): string {
  const input = [
    VERSION,
    rate.hotelCode,
    rate.roomTypeCode,
    rate.rateCode,
    dashedYmd(rate.checkIn),
    dashedYmd(rate.checkOut),
    rate.rooms,
    rate.paymentType,
    rate.currency,
    rate.totalFen,
    issuedAt,
  ].join('|');
  return createHmac('sha256', secret).update(input, 'utf8').digest().subarray(0, 16).toString('base64url');
}

/**
 * @example mintRateKey('example-ratekey-secret', quote, 1797753600) // 'FH1.1797753600.1.157600.CNY.S4xsYtfHgI-fYsYzLH8c2w'
 */
export function mintRateKey(secret: string, rate: QuotedRate, issuedAtSeconds: number): string {
  return [VERSION, issuedAtSeconds, rate.rooms, rate.totalFen, rate.currency, mac(secret, rate, issuedAtSeconds)].join('.');
}

export type KeyCheck = { ok: true; totalFen: number; currency: string; issuedAt: number } | { ok: false; reason: string };

/**
 * Reads a key against the request that carries it: it must parse, its MAC must be ours (under any of the
 * secrets: the current one, and the previous one while a rotation settles), it must quote these rooms, and
 * it must be younger than `ttlHours`. The reason is for our logs; the partner is told RATE_EXPIRED.
 */
export function readRateKey(
  key: string,
  request: Omit<QuotedRate, 'totalFen' | 'currency'>,
  secrets: readonly string[],
  nowSeconds: number,
  ttlHours: number,
): KeyCheck {
  const match = /^FH1\.(\d{1,12})\.(\d{1,2})\.(\d{1,15})\.([A-Z]{3})\.([A-Za-z0-9_-]{22})$/.exec(key.trim());
  if (match === null) return { ok: false, reason: 'not a RateKey of ours' };
  const [issuedAt, rooms, totalFen] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const currency = match[4] as string;
  const given = Buffer.from(match[5] as string, 'utf8');
  if (rooms !== request.rooms) return { ok: false, reason: `quoted ${rooms} rooms, the order has ${request.rooms}` };
  const quoted = { ...request, currency, totalFen };
  const signedByUs = secrets.some((secret) => {
    const expected = Buffer.from(mac(secret, quoted, issuedAt), 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!signedByUs) return { ok: false, reason: 'its MAC does not match what the request names' };
  if (nowSeconds - issuedAt > ttlHours * 3600)
    return { ok: false, reason: `issued ${Math.round((nowSeconds - issuedAt) / 3600)} h ago` };
  if (issuedAt - nowSeconds > 300) return { ok: false, reason: 'issued in the future' };
  return { ok: true, totalFen, currency, issuedAt };
}
