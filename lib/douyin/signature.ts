/** Douyin life-service SPI signature (`x-life-sign`), verified over the raw body bytes in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';

/** How far a request's `timestamp` (ms) may be from now. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

/**
 * sha256(client_secret & k1=v1 & … & http_body=<body>), lowercase hex. Query parameters other than `sign`
 * are sorted by key (repeated keys by value); `&http_body=` is left out for an empty body.
 * @example signSpi('secret', new URLSearchParams('client_key=ck&timestamp=1'), Buffer.from('{}'))
 */
export function signSpi(clientSecret: string, query: URLSearchParams, body: Buffer): string {
  const pairs = [...query.entries()]
    .filter(([key]) => key !== 'sign')
    .sort(([keyA, valueA], [keyB, valueB]) => (keyA === keyB ? compare(valueA, valueB) : compare(keyA, keyB)))
    .map(([key, value]) => `${key}=${value}`);
  const hash = createHash('sha256').update([clientSecret, ...pairs].join('&'));
  if (body.length > 0) hash.update('&http_body=').update(body);
  return hash.digest('hex');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * The request's time in ms: Douyin sends milliseconds; a client that sends seconds is read as seconds, so its
 * request is judged by the same 5-minute window instead of being called 50 years away. The signature
 * covers the text either way.
 */
function timestampMs(text: string | null): number | undefined {
  if (text === null) return undefined;
  if (/^\d{13}$/.test(text)) return Number(text);
  if (/^\d{10}$/.test(text)) return Number(text) * 1000;
  return undefined;
}

/**
 * Checks `x-life-sign` and the `timestamp` query parameter; the reason never reveals the expected value.
 * @example verifySpi({ clientSecret, query, body, signature: headers['x-life-sign'], now: Date.now() })
 */
export function verifySpi(input: {
  clientSecret: string;
  query: URLSearchParams;
  body: Buffer;
  signature: string | undefined;
  now: number;
}): SignatureCheck {
  if (input.signature === undefined || input.signature === '') return { ok: false, reason: 'x-life-sign header is missing' };
  const timestamp = input.query.get('timestamp');
  const at = timestampMs(timestamp);
  if (at === undefined) {
    return {
      ok: false,
      reason: 'timestamp query parameter is missing or not a time in milliseconds (13 digits) or seconds (10)',
    };
  }
  if (Math.abs(input.now - at) > SIGNATURE_WINDOW_MS) {
    return { ok: false, reason: 'timestamp is more than 5 minutes away from now' };
  }
  const expected = Buffer.from(signSpi(input.clientSecret, input.query, input.body), 'utf8');
  const given = Buffer.from(input.signature.trim().toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'x-life-sign does not match' };
  }
  return { ok: true };
}
