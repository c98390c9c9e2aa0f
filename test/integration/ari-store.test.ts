/**
 * The ARI history and the admin API's idempotency keys on DynamoDB Local: history in batches beyond
 * BatchWriteItem's 25, read back per plan newest first within a range of nights; a key claimed once, answered
 * the same for the same body, refused for another, free again after its 24 hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AriHistoryEntry } from '../../lib/store/ports.js';
import { stores } from '../../lib/store/stores.js';
import { night } from '../../local/calendar.js';
import { type Harness, startHarness } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ worker: false });
});
afterAll(async () => {
  await harness.stop();
});

describe('the ARI stores on DynamoDB', () => {
  it('keeps 60 entries written at once, and lists one plan’s nights in range, newest first', async () => {
    const entries: AriHistoryEntry[] = Array.from({ length: 60 }, (_, index) => ({
      at: 1_800_000_000_000 + index,
      who: 'mia',
      source: 'api',
      roomType: 'RT-HIST',
      ratePlan: index % 2 === 0 ? 'BAR' : 'NRF',
      night: night(index % 5),
      field: 'price',
      before: index,
      after: index + 1,
    }));
    await stores().ariHistory.append(entries);

    const bar = await stores().ariHistory.list('RT-HIST', { first: night(1), last: night(3) }, 'BAR');
    const expected = entries
      .filter((entry) => entry.ratePlan === 'BAR' && entry.night >= night(1) && entry.night <= night(3))
      .sort((a, b) => b.at - a.at);
    expect(bar).toEqual(expected);
    expect(await stores().ariHistory.list('RT-HIST', { first: night(0), last: night(4) })).toHaveLength(60);
    expect(await stores().ariHistory.list('RT-NONE', { first: night(0), last: night(4) })).toEqual([]);
  });

  it('claims a key once, answers the same body with the first answer, refuses another, and frees it after 24 hours', async () => {
    const { idempotency } = stores();
    const now = Date.now();
    expect(await idempotency.claim('key-1', 'hash-a', now)).toEqual({ state: 'new' });
    expect(await idempotency.claim('key-1', 'hash-a', now)).toEqual({ state: 'same' });
    await idempotency.complete('key-1', { applied: [{ index: 0, nights: ['any-night'] }] });
    expect(await idempotency.claim('key-1', 'hash-a', now + 1_000)).toEqual({
      state: 'same',
      answer: { applied: [{ index: 0, nights: ['any-night'] }] },
    });
    expect(await idempotency.claim('key-1', 'hash-b', now + 1_000)).toEqual({ state: 'other' });
    expect(await idempotency.claim('key-1', 'hash-b', now + 25 * 3_600_000)).toEqual({ state: 'new' });
  });
});
