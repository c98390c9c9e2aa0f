/** The settings the order's rules read (SPEC §4, §6, §9); `policyOf(getConfig())` makes one. */
import type { RetryPolicy } from './retry-policy.js';

export interface Policy {
  retry: RetryPolicy;
  axPollSeconds: number;
  axPollLimitSeconds: number;
  sweepGraceSeconds: number;
  /** DOUYIN_ORDER_SYNC: every change of a Douyin order's state owes Douyin an order sync. */
  orderSync: boolean;
  /**
   * AX_DEDUPLICATES: AX makes one order per `channel_order_id`, so an AX create whose answer was lost may be
   * sent again. Off by default: no AX document says so, and an AX create in doubt waits for an operator.
   */
  axDeduplicates: boolean;
}

/**
 * The policy a configuration sets.
 * @example policyOf(getConfig()).retry.maxAttempts // 12
 */
export function policyOf(config: {
  retry: RetryPolicy;
  axPollSeconds: number;
  axPollLimitSeconds: number;
  sweepGraceSeconds: number;
  douyin: { orderSync: boolean };
  ax: { deduplicates: boolean };
}): Policy {
  return {
    retry: config.retry,
    axPollSeconds: config.axPollSeconds,
    axPollLimitSeconds: config.axPollLimitSeconds,
    sweepGraceSeconds: config.sweepGraceSeconds,
    orderSync: config.douyin.orderSync,
    axDeduplicates: config.ax.deduplicates,
  };
}
