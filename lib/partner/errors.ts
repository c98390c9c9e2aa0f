/** The partner's error codes (reference fliggy-selling §2.3, and ours) and the one error type that carries them. */
import { ChannelHubError } from '../errors.js';
import type { OrderRef } from '../orders/index.js';

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
