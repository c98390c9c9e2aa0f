/**
 * The Lambda handlers the local stack runs, each imported once on first use as a Lambda's init does, and
 * which function an async call chain belongs to (for the requests benchmark).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { FunctionName } from '../lib/http/routes.js';

export type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
export type ScheduledHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Which function an async call chain belongs to, as Lambda would separate them. Only the requests benchmark
 * asks for it (`trackInvocations`): AsyncLocalStorage turns on promise hooks, which cost every request.
 */
export const invocation = new AsyncLocalStorage<FunctionName>();
let tracking = false;

export function trackInvocations(on: boolean): void {
  tracking = on;
}

/** Runs `run` as an invocation of `functionName`. */
export function within<T>(functionName: FunctionName, run: () => T): T {
  return tracking ? invocation.run(functionName, run) : run();
}

/**
 * Imports a handler module on first use and reuses it: a dynamic import() of a loaded module still runs the
 * loader's hooks (tsx's among them), which cost every request. A failed import is tried again next time,
 * as a failed init is.
 */
function once<T>(load: () => Promise<{ handler: unknown }>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().then(
      (module) => module.handler as T,
      (error: unknown) => {
        loaded = undefined;
        throw error;
      },
    );
    return loaded;
  };
}

/** The HTTP functions by name. */
export const httpHandlers: Partial<Record<FunctionName, () => Promise<HttpHandler>>> = {
  [FunctionName.DouyinOrderCommit]: once(() => import('../functions/douyin-order-commit.js')),
  [FunctionName.DouyinOrderCancel]: once(() => import('../functions/douyin-order-cancel.js')),
  [FunctionName.DouyinOrderStatus]: once(() => import('../functions/douyin-order-status.js')),
  [FunctionName.DouyinHotelSku]: once(() => import('../functions/douyin-hotel-sku.js')),
  [FunctionName.PartnerHotelRooms]: once(() => import('../functions/partner-hotel-rooms.js')),
  [FunctionName.PartnerRoomAvailability]: once(() => import('../functions/partner-room-availability.js')),
  [FunctionName.PartnerCreateOrder]: once(() => import('../functions/partner-create-order.js')),
  [FunctionName.PartnerCancelOrder]: once(() => import('../functions/partner-cancel-order.js')),
  [FunctionName.PartnerSearchOrder]: once(() => import('../functions/partner-search-order.js')),
  [FunctionName.Partner]: once(() => import('../functions/partner.js')),
};
export const syncWorker = once<SqsHandler>(() => import('../functions/sync-worker.js'));
export const sweeper = once<ScheduledHandler>(() => import('../functions/sweeper.js'));
export const guestDataRetention = once<ScheduledHandler>(() => import('../functions/guest-data-retention.js'));
