/** Retry timing of owed work (SPEC §4): exponential backoff with full jitter, capped, up to MAX_ATTEMPTS. */
import { fullJitter } from '../retry.js';

export interface RetryPolicy {
  baseSeconds: number;
  capSeconds: number;
  maxAttempts: number;
}

/**
 * Seconds to wait before attempt `attempt + 1`, given `attempt` attempts so far: uniform in
 * [1, min(cap, base × 2^(attempt−1))] ("full jitter"), so retries from many orders spread out.
 * @example backoffSeconds(3, { baseSeconds: 30, capSeconds: 900, maxAttempts: 12 }, () => 0.5) // 60
 */
export function backoffSeconds(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return Math.max(1, Math.round(fullJitter(attempt, policy.baseSeconds, policy.capSeconds, random)));
}

/** Whether the work has used up its attempts. */
export function exhausted(attempts: number, policy: RetryPolicy): boolean {
  return attempts >= policy.maxAttempts;
}
