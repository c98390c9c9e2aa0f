/**
 * The service's errors. `ChannelHubError` is the one base: every error of ours extends it, keeps what
 * caused it (ErrorOptions `cause`) and names itself, so the CLI and the start-up catch one type. HubError
 * carries the codes each partner maps to its own envelope in one place.
 */

/**
 * @example throw new ChannelHubError('secret X is not a JSON object', { cause: error })
 */
export class ChannelHubError extends Error {
  override readonly name: string = 'ChannelHubError';
}

/** What the order core refuses, in its own words; each channel's envelope maps a kind onto its wire, in one place. */
export const Refused = {
  /** The same order id arrived again with other content. */
  Conflict: 'conflict',
  /** A move the order's state does not allow (a payment after the cancellation). */
  NotAllowed: 'not-allowed',
  /** The order changed under every attempt to record this; a retry will go through. */
  Busy: 'busy',
} as const;
export type Refused = (typeof Refused)[keyof typeof Refused];

/**
 * The order core's refusal: what happened, the order it concerns, a message in no channel's words.
 * @example throw new OrderRefused(Refused.NotAllowed, 'the order is cancelled and cannot be paid', { orderId })
 */
export class OrderRefused extends ChannelHubError {
  override readonly name = 'OrderRefused';
  readonly orderId?: string;
  constructor(
    readonly kind: Refused,
    message: string,
    options?: ErrorOptions & { orderId?: string },
  ) {
    super(message, options);
    if (options?.orderId !== undefined) this.orderId = options.orderId;
  }
}

/** Channel Hub's error codes (SPEC §2), used on the Douyin wire as `error_code`. */
export const ErrorCode = {
  Ok: 0,
  Temporary: 100,
  BadRequest: 40001,
  BadSignature: 40101,
  NotFound: 40401,
  UnknownRoomType: 40402,
  Conflict: 40901,
  NotAllowed: 40902,
  TooLarge: 41301,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * An error whose message is safe to show the caller: it says what the caller got wrong, never internals.
 * @example throw new HubError(ErrorCode.BadRequest, 'check_out: must be after check_in')
 */
export class HubError extends ChannelHubError {
  override readonly name = 'HubError';
  /** The stored order the refused request concerns, when one was found: its history goes there. */
  readonly orderId?: string;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions & { orderId?: string },
  ) {
    super(message, options);
    if (options?.orderId !== undefined) this.orderId = options.orderId;
  }
}
