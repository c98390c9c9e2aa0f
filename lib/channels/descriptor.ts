/**
 * What a sales channel is to the rest of Channel Hub, as data: its id, its Lambdas (route, grants, secrets),
 * what an order of it owes after a change, where its guest data is and how `ops show` names its orders.
 * Each channel keeps its descriptor in its own folder (`lib/<channel>/channel.ts`); `registry.ts` lists them,
 * and the work queue, the routes, the local stack, the CDK stack, the dashboard, erasure and `ops` read it.
 * A descriptor imports nothing but this file and the order core, so every layer may read the registry.
 */
import type { ChannelOwes } from '../orders/index.js';

/** DynamoDB actions a function may be granted; never `dynamodb:*`, never table administration. */
export type TableAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'Query' | 'BatchWriteItem';

/** What a function may do on a queue, each granted on that queue alone. */
export type QueueAction = 'SendMessage' | 'ChangeMessageVisibility' | 'ReceiveMessage' | 'DeleteMessage' | 'GetQueueAttributes';

/** The secrets a function may read, each bound with its environment variable by the stack. */
export type SecretName = 'douyin' | 'partner' | 'rateKey' | 'ax';

/** One inbound Lambda of a channel: `functions/<name>.ts`, behind `method path` (with and without a trailing slash). */
export interface ChannelFunction {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** The route the requests are counted and kept under (the `route` metric dimension, the history's route). */
  route: string;
  description: string;
  table: readonly TableAction[];
  /** Reads orders by our order_ext_id (the table's index). */
  readsOrderIndex?: boolean;
  /** Sends owed work to the queue. */
  sendsWork?: boolean;
  secrets: readonly SecretName[];
  /** Answers every method at one address and counts each under the method's own route. */
  dispatches?: boolean;
}

/** Where a channel's guest data is in the raw bodies it sends, so the retention run can erase it (SPEC §7). */
export type GuestData =
  /** JSON bodies: text fields become `[erased]`, list fields empty; a body that is not JSON is erased whole. */
  | { format: 'json'; routes: readonly string[]; fields: readonly string[]; lists: readonly string[] }
  /** XML bodies: each element's content becomes `[erased]`. */
  | { format: 'xml'; routes: readonly string[]; elements: readonly string[] };

export interface ChannelDescriptor {
  /** The channel's id: the first part of its orders' keys, queue messages and history. */
  id: string;
  /** How people call the channel's own order id (`ops show`, the console). */
  orderIdName: string;
  functions: readonly ChannelFunction[];
  owes: ChannelOwes;
  guestData: GuestData;
  /** Secrets the worker needs to call the channel. */
  outboundSecrets: readonly SecretName[];
  /**
   * The field of a rate plan's settings for this channel (`ratePlans[].channels.<id>`) that names the plan
   * there: a plan without it is not sold on this channel. Absent: every plan is sold unless `sell: false`.
   */
  planCode?: 'spuExtId' | 'ratePlanId';
  /** The channel is told every change of its plans' prices, rooms and rules (an ARI push), not only asked. */
  pushesAri?: boolean;
}
