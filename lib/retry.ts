/**
 * Retrying: the full-jitter backoff that spreads retries out, used by the worker's message backoff (SPEC §4),
 * the SDK clients' retry strategy and the order's lost-race loop (lib/app/record.ts, which retries on its own
 * terms: a lost conditional write, or a store error until its deadline); and `retry`, the helper for retries
 * whose every try says done or not yet (a catalog batch DynamoDB left unprocessed, a token another instance
 * is refreshing, a busy Douyin page).
 */

/**
 * How long to wait before retry `attempt` (1-based): uniform in [0, min(cap, base × 2^(attempt − 1))],
 * "full jitter", so that callers retrying at once spread out.
 * @example fullJitter(3, 100, 1_000, () => 0.5) // 200 (ms, or whatever unit base and cap are in)
 */
export function fullJitter(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  return random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  baseMs: number;
  capMs: number;
  /** The error to throw when every try came back not done, from the last one's reason. */
  exhausted: (reason: string) => Error;
  random?: () => number;
}

/** One try's result: done with a value, or not yet, with the reason (the last reason names the failure). */
export type Attempt<T> = { done: true; value: T } | { done: false; reason: string };

/**
 * Runs `attempt` until it is done, waiting a full-jitter backoff between tries; an exception ends it at
 * once (a permanent failure is the caller's to throw).
 * @example await retry((n) => tryWrite(n), { attempts: 8, baseMs: 20, capMs: 500, exhausted: (why) => new Error(why) })
 */
export async function retry<T>(attempt: (tryNumber: number) => Promise<Attempt<T>>, options: RetryOptions): Promise<T> {
  let reason = 'no attempt made';
  for (let tryNumber = 1; tryNumber <= options.attempts; tryNumber++) {
    if (tryNumber > 1) {
      const wait = fullJitter(tryNumber - 1, options.baseMs, options.capMs, options.random);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const result = await attempt(tryNumber);
    if (result.done) return result.value;
    reason = result.reason;
  }
  throw options.exhausted(reason);
}
