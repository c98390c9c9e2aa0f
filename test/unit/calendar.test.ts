/** The test calendar: every stay the tests book lies ahead of the clock, whatever day the run is on. */
import { describe, expect, it } from 'vitest';
import { dated, day, dayAgo, night, onTestCalendar } from '../../local/calendar.js';

const today = () => new Date().toISOString().slice(0, 10);

describe('the test calendar', () => {
  it('starts after today and counts nights one day apart', () => {
    expect(day(0) > today()).toBe(true);
    expect(dayAgo(1) < today()).toBe(true);
    expect(Date.parse(day(1)) - Date.parse(day(0))).toBe(86_400_000);
    expect(night(40)).toBe(day(40).replaceAll('-', ''));
  });

  it('moves the example catalog’s December 2026 nights onto itself, and nothing else', () => {
    const moved = onTestCalendar({
      nightlyPrices: { default: 1, '20261224': 2 },
      rateCode: '20261224',
      list: [{ '20261201': 3 }],
    });
    expect(moved).toEqual({ nightlyPrices: { default: 1, [night(23)]: 2 }, rateCode: '20261224', list: [{ [night(0)]: 3 }] });
  });

  it('fills a fixture’s placeholders', () => {
    expect(dated('<CheckIn>{{day:23}}</CheckIn>{{night:-1}}')).toBe(`<CheckIn>${day(23)}</CheckIn>${night(-1)}`);
  });

  it('runs with the clock as far ahead as TEST_CLOCK_AHEAD_DAYS asks (CI: 400 days; none by default)', () => {
    const ahead = Number(process.env.TEST_CLOCK_AHEAD_DAYS ?? 0) * 86_400_000;
    const real = performance.timeOrigin + performance.now();
    expect(Math.abs(Date.now() - real - ahead)).toBeLessThan(60_000);
  });
});
