/**
 * What each kind of owed work does (SPEC §4): the call to make, whether it must be claimed first (a call
 * that must not run twice at once), and what its success does to the order.
 */
import { type AxOrderState, cancelAxOrder, createAxOrder, getAxOrder } from '../ax/client.js';
import { buildCreateOrder } from '../ax/payload.js';
import { findRoomType } from '../catalog/source.js';
import { getConfig } from '../config/config.js';
import { sendOrderStatus } from '../douyin/client.js';
import { sendOrderSync } from '../douyin/order-sync.js';
import { type Order, OrderStatus, type WorkItem, WorkType } from '../orders/model.js';
import { axVerdict, owe, recordAxCreated, recordAxVerdict, settle, type Transition } from '../orders/state-machine.js';
import type { CallOutcome } from './outcome.js';

/** The effect of a successful call: a transition, or "still pending, ask again later". */
export type Effect = Transition | { pending: string };

export type Plan =
  | { skip: string }
  | {
      /** A short, personal-data-free summary of the call, kept with the attempt. */
      request: string;
      /** Claim (record the attempt and a lease) before calling: for calls that are not idempotent. */
      claim: boolean;
      call: () => Promise<CallOutcome<unknown>>;
      onSuccess: (order: Order, value: unknown, now: number) => Effect;
    };

function done(order: Order, item: WorkItem, now: number, note: string): Transition {
  const next = structuredClone(order);
  settle(next, item.id, 'done', now, note);
  return { order: next, due: [], changed: true };
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

/** The plan for one pending work item of an order, read fresh from the store. */
export async function planWork(order: Order, item: WorkItem): Promise<Plan> {
  const cancelled = order.status === OrderStatus.Cancelled;
  switch (item.type) {
    case WorkType.DouyinOrderStatus: {
      if (cancelled) return { skip: 'order cancelled' };
      const status = order.confirmStatus;
      return {
        request: `POST /poi/order/status/ status=${status}`,
        claim: false,
        call: () =>
          sendOrderStatus({
            supplierExtId: order.booking.supplierExtId,
            orderId: order.orderId,
            orderExtId: order.orderExtId,
            status,
          }),
        onSuccess: (current, _value, now) => done(current, item, now, `Douyin told status ${status}`),
      };
    }
    case WorkType.DouyinOrderSync:
      return {
        request: `POST /poi/order/sync/ status=${order.status}`,
        claim: false,
        call: () => sendOrderSync(order),
        onSuccess: (current, _value, now) => {
          const synced = done(current, item, now, `synced ${order.status}`);
          if (current.updatedAt === order.updatedAt) return synced;
          // The order changed while this sync was on its way (re-arming skipped it as still pending): send the newer state too.
          const again = owe(synced.order, WorkType.DouyinOrderSync, now, { rearm: true });
          return { ...synced, due: again === undefined ? [] : [again] };
        },
      };
    case WorkType.AxCreateOrder: {
      // A create that already produced AX codes, or that never started before a cancel, must not run.
      if (order.axOrderCodes.length > 0) return { skip: `AX orders already held: ${order.axOrderCodes.join(', ')}` };
      if (cancelled && item.attempts === 0) return { skip: 'order cancelled before AX creation' };
      const mapping = (await findRoomType(order.booking.spuExtId))?.roomType.ax;
      if (mapping === undefined) {
        return {
          request: 'POST /v1/channel/orders/tour',
          claim: false,
          call: async () => ({ kind: 'permanent', detail: `room type ${order.booking.spuExtId} has no AX mapping` }),
          onSuccess: () => ({ pending: '' }),
        };
      }
      return {
        request: `POST /v1/channel/orders/tour channel_order_id=${order.orderExtId}`,
        claim: true,
        call: () => createAxOrder(buildCreateOrder(order, mapping)),
        onSuccess: (current, value, now) => recordAxCreated(current, value as AxOrderState[], now, getConfig().axPollSeconds),
      };
    }
    case WorkType.AxPollOrder: {
      if (cancelled) return { skip: 'order cancelled' };
      const codes = order.axOrderCodes;
      return {
        request: `GET /v1/channel/orders/tour/${codes.join(',')}`,
        claim: false,
        call: () => pollAll(codes),
        onSuccess: (current, value, now) => {
          const statuses = (value as AxOrderState[]).map((state) => state.axOrderStatus);
          const verdict = axVerdict(statuses);
          return verdict === 'pending' ? { pending: `AX status ${statuses.join(', ')}` } : recordAxVerdict(current, verdict, now);
        },
      };
    }
    case WorkType.AxCancelOrder: {
      const code = item.axOrderCode ?? '';
      return {
        request: `PATCH /v1/channel/orders/tour/${code} Traveler cancel`,
        claim: false,
        call: () => cancelAxOrder(code, `Douyin order ${order.orderId} cancelled by the traveler`),
        onSuccess: (current, _value, now) => done(current, item, now, `AX order ${code} cancelled`),
      };
    }
  }
}
