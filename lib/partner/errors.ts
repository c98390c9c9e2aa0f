/** The partner's error codes (reference A.2) and the one error type that carries them. */
import { ChannelHubError } from '../errors.js';

export const PartnerCode = {
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
  constructor(
    readonly code: PartnerCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message.slice(0, 256), options);
  }
}
