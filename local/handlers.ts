/**
 * The Lambda handlers the local stack runs, each imported once on first use as a Lambda's init does, and
 * which function an async call chain belongs to (for the requests benchmark).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type FunctionName, ROUTES } from '../lib/http/routes.js';

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

/** The HTTP functions by name, from the channel registry: `functions/<name>.ts` each. */
export const httpHandlers: Readonly<Record<FunctionName, () => Promise<HttpHandler>>> = Object.fromEntries(
  ROUTES.map(({ functionName }) => [functionName, once<HttpHandler>(() => import(`../functions/${functionName}.ts`))]),
);
export const syncWorker = once<SqsHandler>(() => import('../functions/sync-worker.js'));
export const sweeper = once<ScheduledHandler>(() => import('../functions/sweeper.js'));
export const guestDataRetention = once<ScheduledHandler>(() => import('../functions/guest-data-retention.js'));
