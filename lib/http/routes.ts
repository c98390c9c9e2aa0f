/**
 * Every Lambda and the HTTP route of each inbound one: the channels' functions come from the channel
 * registry, the background ones are listed here. The CDK stack and the local stack both read this.
 */
import type { QueueAction, TableAction } from '../channels/descriptor.js';
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
  /** Without a trailing slash; both forms are served. A `{name}` segment is a path parameter. */
  path: string;
  functionName: FunctionName;
  /** Behind the console's user pool: the JWT authorizer on AWS, the same check in the local gateway. */
  authorized?: boolean;
  /** The function's timeout when it is not a channel's answering budget (ANSWER_WITHIN_MS). */
  timeoutMs?: number;
}

/** The admin API's functions answer within API Gateway's 30 s: a year of nights for twenty changes takes seconds. */
const ADMIN_TIMEOUT_MS = 29_000;

/** An admin function: its route and what it may touch (table, its indexes, the work queue and the DLQ). */
export interface AdminFunction extends Route {
  description: string;
  table: readonly TableAction[];
  indexes?: readonly ('byOrderExtId' | 'byDue' | 'byArrival')[];
  queue?: readonly QueueAction[];
  dlq?: readonly QueueAction[];
}

/** What finds an order by any id: GetItem per channel, the order_ext_id index, and the arrival index for AX codes. */
const FINDS_ORDERS = { table: ['GetItem', 'Query'], indexes: ['byOrderExtId', 'byArrival'] } as const;
/** What an action on one order needs: finding it, writing it and its history, and sending its work. */
const ACTS_ON_ORDER = {
  table: ['GetItem', 'PutItem', 'Query'],
  indexes: ['byOrderExtId', 'byArrival'],
  queue: ['SendMessage'],
} as const;

/** The admin API's functions (SPEC §5b, §10): each its own Lambda, with what it needs and no more. */
export const ADMIN_FUNCTIONS: readonly AdminFunction[] = [
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
    functionName: 'admin-hotels',
    method: 'GET',
    path: '/admin/hotels',
    authorized: true,
    description: 'Admin API: the hotels, room types and rate plans',
    table: ['GetItem', 'Query'],
  },
  {
    functionName: 'admin-orders',
    method: 'GET',
    path: '/admin/orders',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: orders by any id, channel, state and arrival',
    ...FINDS_ORDERS,
  },
  {
    functionName: 'admin-order',
    method: 'GET',
    path: '/admin/orders/{id}',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: one order and its whole story',
    ...FINDS_ORDERS,
  },
  {
    functionName: 'admin-order-stay',
    method: 'POST',
    path: '/admin/orders/{id}/stay',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: record a stay: checked in, no-show, checked out (operator)',
    ...ACTS_ON_ORDER,
  },
  {
    functionName: 'admin-order-cancel-decision',
    method: 'POST',
    path: '/admin/orders/{id}/cancel-decision',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: decide a cancel a channel left to the hotel (operator)',
    // An accepted cancel gives the nights back, a night at a time.
    table: ['GetItem', 'PutItem', 'UpdateItem', 'Query'],
    indexes: ['byOrderExtId', 'byArrival'],
    queue: ['SendMessage'],
  },
  {
    functionName: 'admin-work',
    method: 'GET',
    path: '/admin/work',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: work needing a person, and the DLQ',
    // The orders needing a person: the arrival index's small PERSON partition.
    table: ['Query'],
    indexes: ['byArrival'],
    dlq: ['GetQueueAttributes'],
  },
  {
    functionName: 'admin-work-retry',
    method: 'POST',
    path: '/admin/work/retry',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: retry an order’s failed work (operator)',
    ...ACTS_ON_ORDER,
  },
  {
    functionName: 'admin-work-recreate-ax',
    method: 'POST',
    path: '/admin/work/recreate-ax',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: send an AX create in doubt again (operator)',
    ...ACTS_ON_ORDER,
  },
  {
    functionName: 'admin-work-link-ax',
    method: 'POST',
    path: '/admin/work/link-ax',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: link an AX order made by hand (operator)',
    ...ACTS_ON_ORDER,
  },
  {
    functionName: 'admin-work-redrive',
    method: 'POST',
    path: '/admin/work/redrive',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: move the DLQ back to the work queue (operator)',
    table: ['GetItem', 'PutItem'],
    queue: ['SendMessage'],
    dlq: ['ReceiveMessage', 'DeleteMessage', 'ChangeMessageVisibility', 'GetQueueAttributes'],
  },
  {
    functionName: 'admin-health',
    method: 'GET',
    path: '/admin/health',
    authorized: true,
    timeoutMs: ADMIN_TIMEOUT_MS,
    description: 'Admin API: each channel’s health',
    table: ['GetItem', 'Query'],
    indexes: ['byDue', 'byArrival'],
    dlq: ['GetQueueAttributes'],
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
  ...ADMIN_FUNCTIONS.map(
    ({ functionName, method, path, authorized, timeoutMs }): Route => ({
      functionName,
      method,
      path,
      ...(authorized === undefined ? {} : { authorized }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    }),
  ),
];

/** Every Lambda's name: the channels' inbound functions, the admin API's, then the background ones. */
export const FUNCTION_NAMES: readonly FunctionName[] = [
  ...CHANNEL_FUNCTIONS.map((fn) => fn.name),
  ...ADMIN_FUNCTIONS.map((fn) => fn.functionName),
  ...Object.values(FunctionName),
];

/** A route's path as a pattern: each `{name}` one segment, taken as that parameter. */
function patternOf(path: string): RegExp {
  const source = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
  return new RegExp(`^${source}$`);
}
const PATTERNS = new Map(ROUTES.map((route) => [route, patternOf(route.path)]));

/**
 * The route for a method and path, accepting the path with or without a trailing slash, with its path
 * parameters (decoded) as API Gateway hands them over.
 */
export function matchRoute(method: string, path: string): (Route & { params?: Record<string, string> }) | undefined {
  const bare = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const exact = ROUTES.find((route) => route.method === method && route.path === bare);
  if (exact !== undefined) return exact;
  for (const route of ROUTES) {
    if (route.method !== method || !route.path.includes('{')) continue;
    const groups = PATTERNS.get(route)?.exec(bare)?.groups;
    if (groups !== undefined) {
      try {
        return { ...route, params: Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, decodeURIComponent(v)])) };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
