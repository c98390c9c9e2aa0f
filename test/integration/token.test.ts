import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientToken, resetTokenCache } from '../../lib/douyin/token.js';
import { type Harness, startHarness } from './harness.js';

// The worker is off: these calls are the only ones asking for a token.
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ worker: false, sweepIntervalMs: 0 });
});
afterAll(() => harness.stop());
beforeEach(() => {
  harness.douyin.clearFaults();
  resetTokenCache();
});

describe('the shared Douyin client token', () => {
  it('is fetched once for ten callers at once, and then served from the table', async () => {
    const before = harness.douyin.tokenCalls;
    const tokens = await Promise.all(Array.from({ length: 10 }, () => clientToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(harness.douyin.tokenCalls).toBe(before + 1);

    resetTokenCache(); // another instance, cold
    expect(await clientToken()).toBe(tokens[0]);
    expect(harness.douyin.tokenCalls).toBe(before + 1);
  });

  it('is replaced once when Douyin calls it invalid, and every caller gets the new one', async () => {
    const old = await clientToken();
    harness.douyin.expireTokens();
    const before = harness.douyin.tokenCalls;
    const tokens = await Promise.all(Array.from({ length: 10 }, () => clientToken({ rejected: old })));
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(old);
    expect(harness.douyin.tokenCalls).toBe(before + 1);
  });

  it('is taken by waiting callers even when Douyin hands back the rejected string', async () => {
    const old = await clientToken();
    harness.douyin.failNext('token', {
      body: { data: { access_token: old, description: '', error_code: 0, expires_in: 7200 }, message: 'success' },
    });
    const started = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => clientToken({ rejected: old })));
    // Before, waiters refused the re-issued string until their 10 s lock wait ran out, then failed.
    expect(results.map((result) => result.status)).toEqual(Array(5).fill('fulfilled'));
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
