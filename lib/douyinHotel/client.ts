/**
 * Calls from us to Douyin's calendar-room OpenAPIs (SPEC §11, reference §4) with the shared client token in
 * the `access-token` header; `callDouyin` reads `extra.error_code` and `data.error_code` of every answer.
 */
import { callDouyin } from '../douyin/client.js';
import type { CallOutcome } from '../http/outbound.js';
import { ConfirmStatus, type Order } from '../orders/index.js';

export const CONFIRM_PATH = '/goodlife/v1/trip/trade/hotel/order/confirm/';
export const CANCEL_AUDIT_PATH = '/goodlife/v1/trip/trade/hotel/cancel/audit/';
export const STAY_NOTICE_PATH = '/goodlife/v1/trip/trade/hotel/booking/audit/notify/';

/** Douyin's accommodation_status (reference §4.3): 1 checked in, 2 no-show, 3 checked out. */
const ACCOMMODATION: Record<string, number> = { 'checked-in': 1, 'no-show': 2, 'checked-out': 3 };

/** `booking/audit/notify`: the guest checked in, did not come, or checked out. */
export function sendStayNotice(order: Order, status: string): Promise<CallOutcome<unknown>> {
  const accommodation = ACCOMMODATION[status];
  if (accommodation === undefined) return Promise.resolve({ kind: 'permanent', detail: `no accommodation_status for ${status}` });
  return callDouyin(
    STAY_NOTICE_PATH,
    { order_id: order.orderId, order_out_id: order.orderExtId, accommodation_status: accommodation },
    'header',
  );
}

/** Douyin's reject codes (by analogy with its legacy confirm, reference Part B §1.8): 1 rooms full, 3 cannot serve. */
const REJECT = {
  [ConfirmStatus.OutOfStock]: { code: 1, reason: 'no room left on a night of the stay' },
  [ConfirmStatus.PriceChanged]: { code: 3, reason: 'the price paid is not the price of the stay' },
} as const;

/** What the confirmation says for an order as decided now: accept, or reject with a reason. */
function confirmBody(order: Order) {
  if (order.confirmStatus === ConfirmStatus.Confirmed) {
    return { order_id: order.orderId, confirm_result: { confirm_result: 1, confirm_number: order.orderExtId } };
  }
  const reject =
    order.confirmStatus === ConfirmStatus.PriceChanged ? REJECT[ConfirmStatus.PriceChanged] : REJECT[ConfirmStatus.OutOfStock];
  return {
    order_id: order.orderId,
    confirm_result: { confirm_result: 2, reject_code: reject.code, reject_reason: reject.reason },
  };
}

/** `order/confirm`: accepts or rejects the order. */
export function sendConfirmation(order: Order): Promise<CallOutcome<unknown>> {
  return callDouyin(CONFIRM_PATH, confirmBody(order), 'header');
}

/** `cancel/audit`: the decision on an audited cancel (note Douyin's `cancel_Id`). */
export function sendCancelDecision(order: Order, cancelId: string): Promise<CallOutcome<unknown>> {
  const request = order.cancelRequests?.find((one) => one.id === cancelId);
  if (request === undefined || request.state === 'pending') {
    return Promise.resolve({ kind: 'permanent', detail: `no decided cancel request ${cancelId}` });
  }
  return callDouyin(
    CANCEL_AUDIT_PATH,
    {
      cancel_Id: cancelId,
      order_id: order.orderId,
      cancel_type: request.kind,
      cancel_result: request.state === 'accepted' ? 1 : 2,
      ...(request.reason === undefined ? {} : { reason: request.reason }),
    },
    'header',
  );
}
