/** The settings the order's rules read (SPEC §4, §6, §9); `policyOf(getConfig())` makes one. */
import type { WorkType } from './model.js';
import type { RetryPolicy } from './retry-policy.js';

/** The work an order of a channel owes beyond its rooms and AX (each channel's descriptor says). */
export interface ChannelOwes {
  /** Telling the channel the confirmation, once decided; a channel that asks instead owes nothing. */
  confirmation?: WorkType;
  /** With DOUYIN_ORDER_SYNC on, every change of the order's state owes this sync. */
  stateChange?: WorkType;
  /** Telling the channel that the guest checked in, did not come, or checked out. */
  stayNotice?: WorkType;
  /** Telling the channel the decision on a cancel it asked the supplier to decide. */
  cancelDecision?: WorkType;
}

export interface Policy {
  retry: RetryPolicy;
  axPollSeconds: number;
  axPollLimitSeconds: number;
  sweepGraceSeconds: number;
  /** DOUYIN_ORDER_SYNC: every change of an order's state owes its channel's state sync, where it has one. */
  orderSync: boolean;
  /** What each channel's orders owe, by channel id (the channel registry's). */
  owes: Readonly<Record<string, ChannelOwes>>;
  /**
   * AX_DEDUPLICATES: AX makes one order per `channel_order_id`, so an AX create whose answer was lost may be
   * sent again. Off by default: no AX document says so, and an AX create in doubt waits for an operator.
   */
  axDeduplicates: boolean;
}

/**
 * The policy a configuration and the channels set.
 * @example policyOf(getConfig(), CHANNEL_OWES).retry.maxAttempts // 12
 */
export function policyOf(
  config: {
    retry: RetryPolicy;
    axPollSeconds: number;
    axPollLimitSeconds: number;
    sweepGraceSeconds: number;
    douyin: { orderSync: boolean };
    ax: { deduplicates: boolean };
  },
  owes: Readonly<Record<string, ChannelOwes>>,
): Policy {
  return {
    retry: config.retry,
    axPollSeconds: config.axPollSeconds,
    axPollLimitSeconds: config.axPollLimitSeconds,
    sweepGraceSeconds: config.sweepGraceSeconds,
    orderSync: config.douyin.orderSync,
    axDeduplicates: config.ax.deduplicates,
    owes,
  };
}
