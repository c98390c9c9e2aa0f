/**
 * The call each kind of owed work makes (SPEC §4): a personal-data-free summary of it, whether it must be
 * claimed first (a call that must not run twice at once), and the call itself, whose success is read into
 * the value the order's policy acts on (lib/orders/policy.ts).
 */
import { type AxOrderState, cancelAxOrder, createAxOrder, getAxOrder } from '../ax/client.js';
import { buildCreateOrder } from '../ax/payload.js';
import { sendOrderStatus } from '../douyin/client.js';
import { sendOrderSync } from '../douyin/order-sync.js';
import type { CallOutcome } from '../http/outbound.js';
import { type Order, type WorkItem, WorkType } from '../orders/model.js';
import type { WorkOutcome, WorkValue } from '../orders/policy.js';
import { findRoomType } from '../store/catalog-store.js';

export interface Call {
  /** A short, personal-data-free summary of the call, kept with the attempt. */
  request: string;
  /** Claim (record the attempt and a lease) before calling: for calls that are not idempotent. */
  claim: boolean;
  run: () => Promise<WorkOutcome>;
}

/** A partner's outcome, its success read as the policy's value. */
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

/** The call for one pending work item of an order, read fresh from the store (skip rules already applied). */
export async function callFor(order: Order, item: WorkItem): Promise<Call> {
  switch (item.type) {
    case WorkType.DouyinOrderStatus: {
      const status = order.confirmStatus;
      const { supplierExtId } = order.booking;
      return {
        request: `POST /poi/order/status/ status=${status}`,
        claim: false,
        run: () =>
          reading(sendOrderStatus({ supplierExtId, orderId: order.orderId, orderExtId: order.orderExtId, status }), () => ({
            type: WorkType.DouyinOrderStatus,
          })),
      };
    }
    case WorkType.DouyinOrderSync:
      return {
        request: `POST /poi/order/sync/ status=${order.status}`,
        claim: false,
        run: () => reading(sendOrderSync(order), () => ({ type: WorkType.DouyinOrderSync, sentUpdatedAt: order.updatedAt })),
      };
    case WorkType.AxCreateOrder: {
      const mapping = (await findRoomType(order.booking.spuExtId))?.roomType.ax;
      if (mapping === undefined) {
        return {
          request: 'POST /v1/channel/orders/tour',
          claim: false,
          run: async () => ({ kind: 'permanent', detail: `room type ${order.booking.spuExtId} has no AX mapping` }),
        };
      }
      return {
        request: `POST /v1/channel/orders/tour channel_order_id=${order.orderExtId}`,
        claim: true,
        run: () =>
          reading(createAxOrder(buildCreateOrder(order, mapping)), (created) => ({ type: WorkType.AxCreateOrder, created })),
      };
    }
    case WorkType.AxPollOrder: {
      const codes = order.axOrderCodes;
      return {
        request: `GET /v1/channel/orders/tour/${codes.join(',')}`,
        claim: false,
        run: () =>
          reading(pollAll(codes), (states) => ({
            type: WorkType.AxPollOrder,
            statuses: states.map((state) => state.axOrderStatus),
          })),
      };
    }
    case WorkType.AxCancelOrder: {
      const code = item.axOrderCode ?? '';
      return {
        request: `PATCH /v1/channel/orders/tour/${code} Traveler cancel`,
        claim: false,
        run: () =>
          reading(cancelAxOrder(code, `Douyin order ${order.orderId} cancelled by the traveler`), () => ({
            type: WorkType.AxCancelOrder,
          })),
      };
    }
  }
}
