/**
 * The unit project's setup: every test starts on fresh in-memory stores and an in-memory work queue, so the
 * domain, the handlers and the worker run with no emulator. An SDK call that slips through goes to a port
 * where nothing listens and fails at once, instead of reaching a network.
 */
import { beforeEach, vi } from 'vitest';
import { resetConfig } from '../../lib/config/config.js';
import { useWorkQueue } from '../../lib/queue/work-queue.js';
import { MemoryQueue, memoryStores } from '../../lib/store/memory/index.js';
import { useStores } from '../../lib/store/stores.js';

process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
process.env.AWS_ENDPOINT_URL_SQS = 'http://127.0.0.1:9';
process.env.AWS_ACCESS_KEY_ID = 'unit';
process.env.AWS_SECRET_ACCESS_KEY = 'unit';

/**
 * TEST_CLOCK_AHEAD_DAYS moves the clock that far ahead for the whole run (CI runs the unit project a year
 * ahead): a test that books a fixed date, instead of one on the test calendar, fails the day that date has passed.
 */
const aheadMs = Number(process.env.TEST_CLOCK_AHEAD_DAYS ?? 0) * 86_400_000;
function moveTheClock(): void {
  if (aheadMs === 0) return;
  // The moved clock goes on ticking, as the real one does: code that waits on Date.now() must not wait for ever.
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(performance.timeOrigin + performance.now() + aheadMs);
}
moveTheClock();

beforeEach(() => {
  moveTheClock();
  useStores(memoryStores());
  useWorkQueue(new MemoryQueue());
  resetConfig();
});
