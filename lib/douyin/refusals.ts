/**
 * Douyin's wire for what went wrong (SPEC §2's error table), in one place: the order core's refusals, a body
 * over the limit, and anything else, which is a temporary failure (100, Douyin's retry code).
 */
import { ErrorCode, HubError, OrderRefused, Refused } from '../errors.js';
import { BodyTooLarge } from '../http/inbound.js';

const CODES: Record<Refused, ErrorCode> = {
  [Refused.Conflict]: ErrorCode.Conflict,
  [Refused.NotAllowed]: ErrorCode.NotAllowed,
  [Refused.Busy]: ErrorCode.Temporary,
};

/** The description names the field that decided it, as every other refusal on this wire does. */
function described(error: OrderRefused): string {
  switch (error.kind) {
    case Refused.Conflict:
      return `order_id: ${error.orderId ?? ''} was already committed with different content`;
    case Refused.NotAllowed:
      return `status: ${error.message}`;
    case Refused.Busy:
      return error.message;
  }
}

/**
 * @example douyinRefusal(new OrderRefused(Refused.Conflict, '…', { orderId: '1' })).code // 40901
 */
export function douyinRefusal(error: unknown): HubError {
  if (error instanceof HubError) return error;
  if (error instanceof BodyTooLarge) return new HubError(ErrorCode.TooLarge, error.message);
  if (error instanceof OrderRefused) {
    return new HubError(CODES[error.kind], described(error), {
      cause: error,
      ...(error.orderId === undefined ? {} : { orderId: error.orderId }),
    });
  }
  return new HubError(ErrorCode.Temporary, 'temporary failure, please retry', { cause: error });
}
