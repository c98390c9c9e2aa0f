import { describe, expect, it } from 'vitest';
import { backoffSeconds, exhausted } from '../../../lib/orders/index.js';

const policy = { baseSeconds: 30, capSeconds: 900, maxAttempts: 12 };

describe('retry policy', () => {
  it.each([
    [1, 30],
    [2, 60],
    [3, 120],
    [5, 480],
    [6, 900],
    [12, 900],
  ])('after %i attempts waits at most %i s (base × 2^(n−1), capped at 15 min)', (attempts, ceiling) => {
    expect(backoffSeconds(attempts, policy, () => 1)).toBe(ceiling);
    expect(backoffSeconds(attempts, policy, () => 0.5)).toBe(Math.round(ceiling / 2));
  });

  it('never waits less than a second, even when the jitter draws zero', () => {
    expect(backoffSeconds(1, policy, () => 0)).toBe(1);
  });

  it('spreads retries over the whole window (full jitter)', () => {
    const draws = Array.from({ length: 500 }, () => backoffSeconds(4, policy));
    expect(Math.min(...draws)).toBeLessThan(60);
    expect(Math.max(...draws)).toBeGreaterThan(180);
    expect(Math.max(...draws)).toBeLessThanOrEqual(240);
  });

  it('gives up at MAX_ATTEMPTS', () => {
    expect(exhausted(11, policy)).toBe(false);
    expect(exhausted(12, policy)).toBe(true);
  });
});
