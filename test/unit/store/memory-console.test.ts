/**
 * The in-memory twins of the stores the console and the calendar room added (orders by arrival, calls per
 * channel, ARI owed): the same answers the DynamoDB stores give, so the unit tests mean what the integration
 * tests show on DynamoDB Local.
 */
import { describe, expect, it } from 'vitest';
import { memoryStores } from '../../../lib/store/memory/index.js';
import { night } from '../../../local/calendar.js';

describe('the in-memory stores of the console and the calendar room', () => {
  it('keeps the widest range owed, settles only at the version read, and records a failure on a debt alone', async () => {
    const { pushes } = memoryStores();
    await pushes.owe('douyinHotel', 'RT-1', night(40), night(42), 1_000);
    await pushes.owe('douyinHotel', 'RT-1', night(38), night(41), 2_000);
    await pushes.failed('douyinHotel', 'RT-2', 'no such debt');

    const owed = await pushes.get('douyinHotel', 'RT-1');
    expect(owed).toMatchObject({ first: night(38), last: night(42), since: 1_000, version: 2 });
    expect(await pushes.settle('douyinHotel', 'RT-1', 1)).toBe(false);
    await pushes.failed('douyinHotel', 'RT-1', 'HTTP 503');
    expect(await pushes.list('douyinHotel')).toEqual([expect.objectContaining({ attempts: 1, lastError: 'HTTP 503' })]);
    expect(await pushes.list('partner')).toEqual([]);
    expect(await pushes.settle('douyinHotel', 'RT-1', 2)).toBe(true);
    expect(await pushes.get('douyinHotel', 'RT-2')).toBeUndefined();
  });

  it('counts a channel’s calls since a time and keeps its last call however old', async () => {
    const { calls } = memoryStores();
    await calls.record('douyin', 1_000, 'ok', '0');
    await calls.record('douyin', 5_000, 'rejected', '40101');
    await calls.record('douyin', 6_000, 'failed', '100');

    expect(await calls.since('douyin', 4_000)).toEqual({
      calls: 2,
      rejected: 1,
      failed: 1,
      last: { at: 6_000, outcome: 'failed', code: '100' },
    });
    expect(await calls.since('douyin', 10_000)).toMatchObject({ calls: 0, last: { at: 6_000 } });
    expect(await calls.since('partner', 0)).toEqual({ calls: 0, rejected: 0, failed: 0 });
  });

  it('answers the newest report of a kind, and none for a kind never kept', async () => {
    const { reports } = memoryStores();
    await reports.put('reconcile', 1_000, { checked: 1 }, 60);
    await reports.put('reconcile', 3_000, { checked: 3 }, 60);
    await reports.put('other', 5_000, { checked: 5 }, 60);

    expect(await reports.latest('reconcile')).toEqual({ at: 3_000, report: { checked: 3 } });
    expect(await reports.latest('nothing')).toBeUndefined();
  });
});
