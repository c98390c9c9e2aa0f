/**
 * How long an inbound function has to answer (SPEC §9): Douyin's and the partner's calls are answered within
 * 3 s, even when an AWS connection hangs. The Lambda's timeout is the budget; middy cuts the domain's work
 * HANDLER_EARLY_MS before it (`timeoutEarlyInMillis`), so the envelope answers the partner's retry code in
 * time, and the history waits only for what is left.
 */

/** The inbound functions' timeout, on AWS and in the local stack. */
export const ANSWER_WITHIN_MS = 3_000;

/** The domain's work stops this long before the timeout, leaving time to answer and to keep the history. */
export const HANDLER_EARLY_MS = 800;

/** The time left to wait for the history before answering, from the request's arrival. */
export function historyWaitMs(receivedAt: number, now = Date.now()): number {
  return Math.max(50, receivedAt + ANSWER_WITHIN_MS - 400 - now);
}
