import { describe, expect, it } from 'vitest';
import { SIGNATURE_WINDOW_MS, signSpi, verifySpi } from '../../lib/douyin/signature.js';
import vectors from '../fixtures/douyin-signature-vectors.json' with { type: 'json' };

describe('Douyin SPI signature', () => {
  it.each(vectors.vectors)('matches the vector: $name', ({ secret, query, body, signature }) => {
    // Act
    const actual = signSpi(secret, new URLSearchParams(query), Buffer.from(body, 'utf8'));

    // Assess
    expect(actual).toBe(signature);
  });

  const [vector] = vectors.vectors;
  if (vector === undefined) throw new Error('no vectors');
  const now = 1732250000000;
  const check = (
    overrides: Partial<{ secret: string; body: string; signature: string | undefined; query: string; now: number }>,
  ) =>
    verifySpi({
      clientSecret: overrides.secret ?? vector.secret,
      query: new URLSearchParams(overrides.query ?? vector.query),
      body: Buffer.from(overrides.body ?? vector.body, 'utf8'),
      signature: 'signature' in overrides ? overrides.signature : vector.signature,
      now: overrides.now ?? now,
    });

  it('accepts the right signature, also in upper case', () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({ signature: vector.signature.toUpperCase() })).toEqual({ ok: true });
  });

  it.each([
    ['a wrong key', { secret: 'wrong-secret' }, 'does not match'],
    ['a changed body', { body: vector.body.replace('"status":1', '"status":0') }, 'does not match'],
    ['a changed query', { query: vector.query.replace('ck_test', 'ck_other') }, 'does not match'],
    ['a stale timestamp', { now: now + SIGNATURE_WINDOW_MS + 1 }, 'more than 5 minutes'],
    ['a future timestamp', { now: now - SIGNATURE_WINDOW_MS - 1 }, 'more than 5 minutes'],
    ['no signature', { signature: undefined }, 'missing'],
    ['a truncated signature', { signature: vector.signature.slice(0, 10) }, 'does not match'],
    ['no timestamp', { query: 'client_key=ck_test' }, 'timestamp'],
  ])('refuses %s', (_name, overrides, reason) => {
    const result = check(overrides);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain(reason);
  });

  it('accepts a timestamp exactly at the edge of the window', () => {
    expect(check({ now: now + SIGNATURE_WINDOW_MS })).toEqual({ ok: true });
  });

  it('reads a timestamp in seconds as seconds, judged by the same window', () => {
    // Prepare: a client that signs with a 10-digit timestamp.
    const query = new URLSearchParams({ client_key: 'ck_test', timestamp: String(now / 1000) });
    const body = Buffer.from(vector.body, 'utf8');
    const signature = signSpi(vector.secret, query, body);
    const verify = (at: number) => verifySpi({ clientSecret: vector.secret, query, body, signature, now: at });

    // Act, Assess: on time it verifies; late, the reason is the window, not the unit.
    expect(verify(now + 1_000)).toEqual({ ok: true });
    expect(verify(now + SIGNATURE_WINDOW_MS + 1_000)).toEqual({
      ok: false,
      reason: 'timestamp is more than 5 minutes away from now',
    });
  });

  it.each(['17322500000', '173225000000000', 'soon'])('refuses the timestamp %s, saying what a timestamp is', (timestamp) => {
    const result = check({ query: `client_key=ck_test&timestamp=${timestamp}` });
    expect(result).toEqual({
      ok: false,
      reason: 'timestamp query parameter is missing or not a time in milliseconds (13 digits) or seconds (10)',
    });
  });
});
