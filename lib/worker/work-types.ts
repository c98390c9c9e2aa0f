/**
 * The call each kind of owed work makes (SPEC §4, §5): a personal-data-free summary of it and the call
 * itself, made with the order as it stands when the call starts (after its claim), whose success is read
 * into the value the order's rules act on (lib/orders).
 */
import { syncNights } from '../app/nights.js';
import { type AxOrderState, cancelAxOrder, createAxOrder, getAxOrder } from '../ax/client.js';
import { buildCreateOrder } from '../ax/payload.js';
import { sendOrderStatus } from '../douyin/client.js';
import { sendOrderSync } from '../douyin/order-sync.js';
import {
  CANCEL_AUDIT_PATH,
  CONFIRM_PATH,
  STAY_NOTICE_PATH,
  sendCancelDecision,
  sendConfirmation,
  sendStayNotice,
} from '../douyinHotel/client.js';
import type { CallOutcome } from '../http/outbound.js';
import { type Order, type WorkItem, type WorkOutcome, WorkState, WorkType, type WorkValue } from '../orders/index.js';
import { stores } from '../store/stores.js';

export interface Call {
  /** A short, personal-data-free summary of the call, kept with the attempt. */
  request: string;
  run: (order: Order) => Promise<WorkOutcome>;
}

/** A partner's outcome, its success read as the rules' value. */
async function reading<T>(call: Promise<CallOutcome<T>>, value: (result: T) => WorkValue): Promise<WorkOutcome> {
  const outcome = await call;
  return outcome.kind === 'ok' ? { ...outcome, value: value(outcome.value) } : outcome;
}

async function pollAll(codes: string[]): Promise<CallOutcome<AxOrderState[]>> {
  const states: AxOrderState[] = [];
  for (const code of codes) {
    const result = await getAxOrder(code);
    if (result.kind !== 'ok') return result;
    states.push(result.value);
  }
  return { kind: 'ok', value: states };
}

/** The call for one pending work item of an order, read fresh from the store (the plan already made). */
export async function callFor(order: Order, item: WorkItem): Promise<Call> {
  switch (item.type) {
    case WorkType.DouyinOrderStatus:
      return {
        request: `POST /poi/order/status/ status=${order.confirmStatus}`,
        run: (current) =>
          reading(
            sendOrderStatus({
              supplierExtId: current.booking.supplierExtId,
              orderId: current.orderId,
              orderExtId: current.orderExtId,
              status: current.confirmStatus,
            }),
            () => ({ type: WorkType.DouyinOrderStatus }),
          ),
      };
    case WorkType.DouyinHotelConfirm:
      return {
        request: `POST ${CONFIRM_PATH} ${order.confirmStatus === 0 ? 'accept' : 'reject'}`,
        run: (current) => reading(sendConfirmation(current), () => ({ type: WorkType.DouyinHotelConfirm })),
      };
    case WorkType.DouyinHotelCancelAudit: {
      const cancelId = item.id.slice(`${WorkType.DouyinHotelCancelAudit}:`.length);
      return {
        request: `POST ${CANCEL_AUDIT_PATH} cancel_Id=${cancelId}`,
        run: (current) => reading(sendCancelDecision(current, cancelId), () => ({ type: WorkType.DouyinHotelCancelAudit })),
      };
    }
    case WorkType.DouyinHotelStayNotice: {
      const status = item.id.slice(`${WorkType.DouyinHotelStayNotice}:`.length);
      // A check-out is told after the check-in it follows, whichever message came first.
      const checkIn = order.work[`${WorkType.DouyinHotelStayNotice}:checked-in`];
      if (status === 'checked-out' && checkIn?.state === WorkState.Pending) {
        return {
          request: `POST ${STAY_NOTICE_PATH} ${status}`,
          run: async () => ({ kind: 'retry', detail: 'the check-in is told first' }),
        };
      }
      return {
        request: `POST ${STAY_NOTICE_PATH} ${status}`,
        run: (current) => reading(sendStayNotice(current, status), () => ({ type: WorkType.DouyinHotelStayNotice })),
      };
    }
    case WorkType.DouyinOrderSync:
      return {
        request: `POST /poi/order/sync/ status=${order.status}`,
        run: (current) =>
          reading(sendOrderSync(current), () => ({ type: WorkType.DouyinOrderSync, sentUpdatedAt: current.updatedAt })),
      };
    case WorkType.AxCreateOrder: {
      const mapping = (await stores().catalog.roomType(order.booking.spuExtId))?.roomType.ax;
      if (mapping === undefined) {
        return {
          request: 'POST /v1/channel/orders/tour',
          run: async () => ({ kind: 'permanent', detail: `room type ${order.booking.spuExtId} has no AX mapping` }),
        };
      }
      return {
        request: `POST /v1/channel/orders/tour channel_order_id=${order.orderExtId}`,
        run: (current) =>
          reading(createAxOrder(buildCreateOrder(current, mapping)), (created) => ({ type: WorkType.AxCreateOrder, created })),
      };
    }
    case WorkType.AxPollOrder:
      return {
        request: `GET /v1/channel/orders/tour/${order.axOrderCodes.join(',')}`,
        run: (current) =>
          reading(pollAll(current.axOrderCodes), (states) => ({
            type: WorkType.AxPollOrder,
            statuses: states.map((state) => state.axOrderStatus),
          })),
      };
    case WorkType.AxCancelOrder: {
      const code = item.axOrderCode ?? '';
      return {
        request: `PATCH /v1/channel/orders/tour/${code} Traveler cancel`,
        run: (current) =>
          reading(cancelAxOrder(code, `${current.channel} order ${current.orderId} cancelled by the traveler`), () => ({
            type: WorkType.AxCancelOrder,
          })),
      };
    }
    case WorkType.InventorySync:
      return { request: `nights of ${order.inventory?.spuExtId ?? '?'}`, run: syncNights };
  }
}
