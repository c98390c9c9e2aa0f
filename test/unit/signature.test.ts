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
});
