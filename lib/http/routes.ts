/**
 * Every Lambda and the HTTP route of each inbound one: the channels' functions come from the channel
 * registry, the background ones are listed here. The CDK stack and the local stack both read this.
 */
import { CHANNEL_FUNCTIONS } from '../channels/registry.js';

/** The functions that belong to no channel: the worker and the scheduled ones. */
export const FunctionName = {
  SyncWorker: 'sync-worker',
  Sweeper: 'sweeper',
  Reconciler: 'reconciler',
  GuestDataRetention: 'guest-data-retention',
} as const;
/** A Lambda's name, which is also its file under functions/. */
export type FunctionName = string;

export interface Route {
  method: 'POST' | 'GET';
  /** Without a trailing slash; both forms are served. */
  path: string;
  functionName: FunctionName;
}

export const ROUTES: readonly Route[] = CHANNEL_FUNCTIONS.map(({ method, path, name }) => ({ method, path, functionName: name }));

/** Every Lambda's name: the channels' inbound functions, then the background ones. */
export const FUNCTION_NAMES: readonly FunctionName[] = [
  ...CHANNEL_FUNCTIONS.map((fn) => fn.name),
  ...Object.values(FunctionName),
];

/** The route for a method and path, accepting the path with or without a trailing slash. */
export function matchRoute(method: string, path: string): Route | undefined {
  const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return ROUTES.find((route) => route.method === method && route.path === bare);
}
