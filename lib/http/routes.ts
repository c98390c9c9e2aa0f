/**
 * Every Lambda and the HTTP route of each inbound one: the channels' functions come from the channel
 * registry, the background ones are listed here. The CDK stack and the local stack both read this.
 */
import type { TableAction } from '../channels/descriptor.js';
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
  /** Behind the console's user pool: the JWT authorizer on AWS, the same check in the local gateway. */
  authorized?: boolean;
  /** The function's timeout when it is not a channel's answering budget (ANSWER_WITHIN_MS). */
  timeoutMs?: number;
}

/** The admin API's functions answer within API Gateway's 30 s: a year of nights for twenty changes takes seconds. */
const ADMIN_TIMEOUT_MS = 29_000;

/** The admin API's functions (SPEC §5b, §10): each its own Lambda, with the table actions it needs. */
export const ADMIN_FUNCTIONS: readonly (Route & { description: string; table: readonly TableAction[] })[] = [
  {
    functionName: 'admin-ari-post',
    method: 'POST',
    path: '/admin/ari',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: change ARI (revenue, operator)',
    // The catalog and nights (GetItem, Query), each night's change (UpdateItem), history and keys (PutItem, BatchWrite).
    table: ['GetItem', 'PutItem', 'UpdateItem', 'Query', 'BatchWriteItem'],
  },
  {
    functionName: 'admin-ari-get',
    method: 'GET',
    path: '/admin/ari',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: the ARI grid',
    table: ['GetItem', 'Query'],
  },
  {
    functionName: 'admin-ari-history',
    method: 'GET',
    path: '/admin/ari/history',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: the ARI history',
    table: ['GetItem', 'Query'],
  },
  {
    functionName: 'admin-openapi',
    method: 'GET',
    path: '/admin/openapi.json',
    authorized: true,
    description: 'Admin API: its OpenAPI document',
    table: [],
  },
  {
    functionName: 'console-config',
    method: 'GET',
    path: '/console/config.json',
    description: 'The console: its user pool',
    table: [],
  },
];

export const ROUTES: readonly Route[] = [
  ...CHANNEL_FUNCTIONS.map(({ method, path, name }): Route => ({ method, path, functionName: name })),
  ...ADMIN_FUNCTIONS.map(({ description: _description, table: _table, ...route }): Route => route),
];

/** Every Lambda's name: the channels' inbound functions, the admin API's, then the background ones. */
export const FUNCTION_NAMES: readonly FunctionName[] = [
  ...CHANNEL_FUNCTIONS.map((fn) => fn.name),
  ...ADMIN_FUNCTIONS.map((fn) => fn.functionName),
  ...Object.values(FunctionName),
];

/** The route for a method and path, accepting the path with or without a trailing slash. */
export function matchRoute(method: string, path: string): Route | undefined {
  const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return ROUTES.find((route) => route.method === method && route.path === bare);
}
