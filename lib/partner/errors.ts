/** The partner's error codes (reference fliggy-selling §2.3, and ours) and the one error type that carries them. */

import { ChannelHubError, OrderRefused, Refused } from '../errors.js';
import { BodyTooLarge } from '../http/inbound.js';
import type { OrderRef } from '../orders/index.js';
import { PARTNER } from './channel.js';

export const PartnerCode = {
  NoInventory: 'NO_INVENTORY',
  HotelInvalid: 'HOTEL_INVALID',
  RoomTypeInvalid: 'ROOM_TYPE_INVALID',
  RatePlanInvalid: 'RATE_PLAN_INVALID',
  RateExpired: 'RATE_EXPIRED',
  PriceChanged: 'PRICE_CHANGED',
  DuplicateCreate: 'DUPLICATE_CREATE',
  OrderNotFound: 'ORDER_NOT_FOUND',
  AuthFailed: 'AUTH_FAILED',
  InvalidRequest: 'INVALID_REQUEST',
  UnsupportedRequest: 'UNSUPPORTED_REQUEST',
  SystemException: 'SYSTEM_EXCEPTION',
} as const;
export type PartnerCode = (typeof PartnerCode)[keyof typeof PartnerCode];

/** An error the partner sees as `<Error><Code/><Message/></Error>`; the message is at most 256 characters. */
export class PartnerError extends ChannelHubError {
  override readonly name = 'PartnerError';
  /** The stored order (or refusal) the refused request concerns: its history goes there. */
  readonly matched?: OrderRef;
  constructor(
    readonly code: PartnerCode,
    message: string,
    options?: ErrorOptions & { matched?: OrderRef },
  ) {
    super(message.slice(0, 256), options);
    if (options?.matched !== undefined) this.matched = options.matched;
  }
}

/** The partner's code for each of the order core's refusals: a busy order is worth a retry, the others are not. */
const CODES: Record<Refused, PartnerCode> = {
  [Refused.Conflict]: PartnerCode.DuplicateCreate,
  [Refused.NotAllowed]: PartnerCode.InvalidRequest,
  [Refused.Busy]: PartnerCode.SystemException,
};

/**
 * The partner's wire for what went wrong, in one place: the order core's refusals, a body over the limit, and
 * anything else, which is SYSTEM_EXCEPTION (temporary: the partner retries).
 * @example partnerRefusal(new OrderRefused(Refused.Conflict, '…')).code // 'DUPLICATE_CREATE'
 */
export function partnerRefusal(error: unknown): PartnerError {
  if (error instanceof PartnerError) return error;
  if (error instanceof BodyTooLarge) return new PartnerError(PartnerCode.InvalidRequest, error.message);
  if (error instanceof OrderRefused) {
    return new PartnerError(CODES[error.kind], error.message, {
      cause: error,
      ...(error.orderId === undefined ? {} : { matched: { channel: PARTNER, orderId: error.orderId } }),
    });
  }
  return new PartnerError(PartnerCode.SystemException, 'temporary failure, please retry', { cause: error });
}
