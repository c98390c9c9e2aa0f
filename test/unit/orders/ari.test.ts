/**
 * Rates and stay rules (SPEC §5b) as pure functions: the price arithmetic (percentages exact to the fen,
 * rounded half up; derived plans; markups) and every stay rule, each refusing exactly the stays it should.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  channelPrice,
  derivedPrice,
  hotelClock,
  type NightRules,
  refusal,
  type StayToCheck,
  withPercent,
} from '../../../lib/orders/ari.js';

describe('the price arithmetic', () => {
  it.each([
    [30050, -7, 27947],
    [10000, 8, 10800],
    [98800, -12, 86944],
    [1, 50, 2],
    [3, -50, 2],
    [100, 0.01, 100],
    [10000, 12.34, 11234],
    [0, 25, 0],
  ])('%i fen at %d %% is %i', (fen, percent, expected) => {
    expect(withPercent(fen, percent)).toBe(expected);
  });

  it('rounds half up exactly, whatever the fen and the percentage (two decimals)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: -9_999, max: 100_000 }), (fen, hundredths) => {
        const exact = (fen * (10_000 + hundredths)) / 10_000;
        const got = withPercent(fen, hundredths / 100);
        // Within half a fen of the exact value, and .5 goes up.
        expect(Math.abs(got - exact)).toBeLessThanOrEqual(0.5);
        if ((fen * (10_000 + hundredths)) % 10_000 === 5_000) expect(got).toBe(Math.ceil(exact));
      }),
    );
  });

  it('keeps a price at 0 % and moves it monotonically with the percentage', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: -9_999, max: 9_999 }), (fen, hundredths) => {
        expect(withPercent(fen, 0)).toBe(fen);
        expect(withPercent(fen, hundredths / 100)).toBeLessThanOrEqual(withPercent(fen, (hundredths + 1) / 100));
      }),
    );
  });

  it('follows the parent: a percentage or an amount, never below nothing, nothing for an unpriced night', () => {
    expect(derivedPrice(98800, { percent: -12 })).toBe(86944);
    expect(derivedPrice(98800, { amount: -5000 })).toBe(93800);
    expect(derivedPrice(3000, { amount: -5000 })).toBeUndefined();
    expect(derivedPrice(undefined, { percent: 10 })).toBeUndefined();
  });

  it('applies a channel’s markup on the plan’s price, none when it has none', () => {
    expect(channelPrice(86944, 8)).toBe(93900);
    expect(channelPrice(86944)).toBe(86944);
    expect(channelPrice(undefined, 8)).toBeUndefined();
  });
});

/** Night n of a December calendar: 20261201 + n. */
const day = (n: number) => `202612${String(n).padStart(2, '0')}`;
const stayOf = (
  arrival: number,
  length: number,
  rules: Record<string, NightRules>,
  extra: Partial<StayToCheck> = {},
): StayToCheck => ({
  channel: 'partner',
  nights: Array.from({ length }, (_, index) => day(arrival + index)),
  departure: day(arrival + length),
  rulesOn: (night) => rules[night] ?? {},
  today: day(1),
  minutesNow: 600,
  ...extra,
});

describe('the stay rules', () => {
  it.each<[string, StayToCheck, string | undefined]>([
    ['nothing set', stayOf(10, 2, {}), undefined],
    ['closed on the second night', stayOf(10, 2, { [day(11)]: { closed: true } }), 'closed'],
    ['closed on the departure date only (not a night of the stay)', stayOf(10, 2, { [day(12)]: { closed: true } }), undefined],
    ['closed for this channel', stayOf(10, 2, { [day(10)]: { closedFor: ['partner'] } }), 'closedFor'],
    ['closed for another channel', stayOf(10, 2, { [day(10)]: { closedFor: ['douyin'] } }), undefined],
    ['closed to arrival on the arrival night', stayOf(10, 2, { [day(10)]: { closedToArrival: true } }), 'closedToArrival'],
    ['closed to arrival on a later night', stayOf(10, 2, { [day(11)]: { closedToArrival: true } }), undefined],
    ['closed to departure on the departure date', stayOf(10, 2, { [day(12)]: { closedToDeparture: true } }), 'closedToDeparture'],
    ['closed to departure on a night of the stay', stayOf(10, 2, { [day(11)]: { closedToDeparture: true } }), undefined],
    ['too short for the arrival night’s minStay', stayOf(10, 2, { [day(10)]: { minStay: 3 } }), 'minStay'],
    ['minStay on a later night only (arrival-based)', stayOf(10, 2, { [day(11)]: { minStay: 3 } }), undefined],
    ['exactly minStay', stayOf(10, 3, { [day(10)]: { minStay: 3 } }), undefined],
    ['too long for maxStay', stayOf(10, 4, { [day(10)]: { maxStay: 3 } }), 'maxStay'],
    ['booked too late for minAdvanceDays', stayOf(3, 1, { [day(3)]: { minAdvanceDays: 3 } }), 'minAdvanceDays'],
    ['exactly minAdvanceDays ahead', stayOf(4, 1, { [day(4)]: { minAdvanceDays: 3 } }), undefined],
    ['booked too early for maxAdvanceDays', stayOf(20, 1, { [day(20)]: { maxAdvanceDays: 7 } }), 'maxAdvanceDays'],
    ['same day after the cut-off', stayOf(1, 1, { [day(1)]: { cutoffTime: '09:59' } }), 'cutoffTime'],
    ['same day before the cut-off', stayOf(1, 1, { [day(1)]: { cutoffTime: '10:01' } }), undefined],
    ['a later day after the cut-off hour', stayOf(2, 1, { [day(2)]: { cutoffTime: '09:00' } }), undefined],
  ])('%s', (_name, stay, rule) => {
    expect(refusal(stay)?.rule).toBe(rule);
  });

  it('names the rule and its night', () => {
    expect(refusal(stayOf(10, 2, { [day(11)]: { closed: true } }))).toEqual({
      rule: 'closed',
      night: day(11),
      message: 'the rate is closed (closed on 2026-12-11)',
    });
  });

  it('refuses a stay by minStay exactly when it is shorter, and by maxStay exactly when longer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 1, max: 14 }),
        (length, min, max) => {
          const byMin = refusal(stayOf(5, length, { [day(5)]: { minStay: min } }));
          const byMax = refusal(stayOf(5, length, { [day(5)]: { maxStay: max } }));
          expect(byMin?.rule === 'minStay').toBe(length < min);
          expect(byMax?.rule === 'maxStay').toBe(length > max);
        },
      ),
    );
  });

  it('is refused by a night closed to the channel exactly when that night is in the stay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 30 }),
        (arrival, length, closed) => {
          const refused = refusal(stayOf(arrival, length, { [day(closed)]: { closedFor: ['partner'] } }));
          expect(refused !== undefined).toBe(closed >= arrival && closed < arrival + length);
        },
      ),
    );
  });
});

describe('the hotel’s clock', () => {
  it('reads the hotel’s own date and minutes from its UTC offset', () => {
    expect(hotelClock('+09:00', Date.parse('2026-12-24T15:30:00Z'))).toEqual({ today: '20261225', minutesNow: 30 });
    expect(hotelClock('-05:00', Date.parse('2026-12-24T03:00:00Z'))).toEqual({ today: '20261223', minutesNow: 22 * 60 });
  });
});
