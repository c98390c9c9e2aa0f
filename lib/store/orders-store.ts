/**
 * Orders in DynamoDB. Every state change is one conditional single-item write: a new order is a put on
 * `attribute_not_exists(pk)`, every later change a put on the version it was computed from.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, paginateQuery, paginateScan, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Inventory } from '../catalog/schema.js';
import { getConfig } from '../config/config.js';
import { ErrorCode, HubError } from '../errors.js';
import { MAX_ATTEMPTS_KEPT, type Order } from '../orders/model.js';
import { failedCount, nextDueAt, type Transition } from '../orders/state-machine.js';
import { retry } from '../retry.js';
import { dynamo, isConditionFailure, putItem } from './client.js';
import { holdItems, releaseItems } from './inventory-store.js';
import { DUE_SHARD, GUEST_SHARD, Keys, TableLayout } from './table.js';

type StoredOrder = Order & {
  pk: string;
  sk: string;
  dueShard?: string;
  nextDueAt?: number;
  failedWork?: number;
  guestShard?: string;
  guestCheckOut?: string;
};

/** Partner error texts are theirs to size; kept this long, an order stays far below DynamoDB's 400 KB item limit. */
export const MAX_TEXT_KEPT = 300;

function clip<T extends object>(record: T, fields: readonly (keyof T)[]): T {
  let clipped = record;
  for (const field of fields) {
    const value = record[field];
    if (typeof value === 'string' && value.length > MAX_TEXT_KEPT) {
      clipped = { ...clipped, [field]: `${value.slice(0, MAX_TEXT_KEPT - 1)}…` };
    }
  }
  return clipped;
}

function toItem(order: Order): StoredOrder {
  const due = nextDueAt(order);
  const failed = failedCount(order);
  const attempts = order.attempts.slice(-MAX_ATTEMPTS_KEPT).map((attempt) => clip(attempt, ['request', 'detail']));
  const work = Object.fromEntries(Object.entries(order.work).map(([id, item]) => [id, clip(item, ['lastError', 'note'])]));
  return {
    ...order,
    attempts,
    work,
    ...Keys.order(order.orderId),
    ...(due === undefined ? {} : { dueShard: DUE_SHARD, nextDueAt: due }),
    ...(failed === 0 ? {} : { failedWork: failed }),
    ...(order.guestDataErasedAt === undefined ? { guestShard: GUEST_SHARD, guestCheckOut: order.booking.checkOut } : {}),
  };
}

function fromItem(item: Record<string, unknown>): Order {
  const {
    pk: _pk,
    sk: _sk,
    dueShard: _shard,
    nextDueAt: _due,
    failedWork: _failed,
    guestShard: _guestShard,
    guestCheckOut: _guestCheckOut,
    ...order
  } = item as unknown as StoredOrder;
  return order;
}

/** The order with this Douyin `order_id`, read consistently, or undefined. */
export async function getOrder(orderId: string): Promise<Order | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: getConfig().tableName, Key: Keys.order(orderId), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : fromItem(Item);
}

/** The order with this `order_ext_id` (through the index), or undefined. */
export async function getOrderByExtId(orderExtId: string): Promise<Order | undefined> {
  // DynamoDB refuses an empty string as an index key value (ValidationException): no such order.
  if (orderExtId === '') return undefined;
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: getConfig().tableName,
      IndexName: TableLayout.byOrderExtId.indexName,
      KeyConditionExpression: '#ext = :ext',
      ExpressionAttributeNames: { '#ext': 'orderExtId' },
      ExpressionAttributeValues: { ':ext': orderExtId },
      Limit: 1,
    }),
  );
  const key = Items?.[0];
  return key === undefined ? undefined : getOrder(String(key.pk).slice('ORDER#'.length));
}

/**
 * The result of trying to create an order: created, the order already stored under that `order_id`, or,
 * for a room type with its own allotment, a night without enough rooms (nothing written).
 */
export type CreateResult =
  | { created: true; order: Order }
  | { created: false; existing: Order }
  | { created: false; outOfStock: true };

/** The stored order a failed conditional put returned (attribute-value form, aws-sdk-js-v3#6723), or a read. */
async function storedOrder(orderId: string, item: Record<string, AttributeValue> | undefined): Promise<Order | undefined> {
  return item === undefined ? getOrder(orderId) : fromItem(unmarshall(item));
}

/** Why each part of a cancelled transaction failed (`None` for the parts that would have succeeded). */
function cancellationReasons(error: unknown): { Code?: string; Item?: Record<string, AttributeValue> }[] | undefined {
  if ((error as { name?: string } | undefined)?.name !== 'TransactionCanceledException') return undefined;
  return (
    (error as { CancellationReasons?: { Code?: string; Item?: Record<string, AttributeValue> }[] }).CancellationReasons ?? []
  );
}

/** Attempts at a transaction that another one touching the same nights keeps cancelling (TransactionConflict). */
const CONFLICT_ATTEMPTS = 8;

/**
 * Puts a new order unless one exists; under concurrent duplicates exactly one put wins and the others get
 * the stored order back, with no read. An order that holds rooms (`inventory` held) is put in one
 * TransactWriteItems with the holds on its nights (`inventory`, the room type's allotment by the catalog):
 * all or nothing.
 */
export async function createOrder(order: Order, inventory?: Inventory): Promise<CreateResult> {
  const put = {
    TableName: getConfig().tableName,
    Item: toItem(order),
    ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  if (order.inventory?.state !== 'held' || inventory === undefined) {
    try {
      await putItem(put);
      return { created: true, order };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await storedOrder(order.orderId, error.Item);
      if (existing === undefined) throw error;
      return { created: false, existing };
    }
  }
  const holds = holdItems(order.inventory, inventory);
  return retry<CreateResult>(
    async () => {
      try {
        await dynamo().send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...holds] }));
        return { done: true, value: { created: true, order } };
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons === undefined) throw error;
        const [ofOrder, ...ofNights] = reasons;
        if (ofOrder?.Code === 'ConditionalCheckFailed') {
          const existing = await storedOrder(order.orderId, ofOrder.Item);
          if (existing === undefined) throw error;
          return { done: true, value: { created: false, existing } };
        }
        if (ofNights.some((reason) => reason.Code === 'ConditionalCheckFailed')) {
          return { done: true, value: { created: false, outOfStock: true } };
        }
        if (reasons.some((reason) => reason.Code === 'TransactionConflict'))
          return { done: false, reason: 'transaction conflict' };
        throw error;
      }
    },
    {
      attempts: CONFLICT_ATTEMPTS,
      baseMs: 10,
      capMs: 200,
      exhausted: () => new HubError(ErrorCode.Temporary, 'order is busy, please retry'),
    },
  );
}

/**
 * Writes `next` if the stored order is still at `previousVersion`; false when someone else wrote first (or a
 * transaction on the same nights did). A change from `before` that releases the order's rooms is one
 * TransactWriteItems with the release of its nights: once, or not at all.
 */
export async function replaceOrder(next: Order, previousVersion: number, before?: Order): Promise<boolean> {
  const put = {
    TableName: getConfig().tableName,
    Item: toItem({ ...next, version: previousVersion + 1 }),
    ConditionExpression: 'version = :version',
    ExpressionAttributeValues: { ':version': previousVersion },
  };
  const releasing = before?.inventory?.state === 'held' && next.inventory?.state === 'released';
  try {
    if (!releasing || before?.inventory === undefined) await putItem(put);
    else await dynamo().send(new TransactWriteCommand({ TransactItems: [{ Put: put }, ...releaseItems(before.inventory)] }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    const reasons = cancellationReasons(error);
    if (reasons?.[0]?.Code === 'ConditionalCheckFailed' || reasons?.some((reason) => reason.Code === 'TransactionConflict'))
      return false;
    throw error;
  }
}

/** Rounds of read, decide and conditional write before a busy order is given up on (code 100: retry). */
const MUTATE_ATTEMPTS = 8;

/**
 * Applies a pure change and writes it on the version it was computed from, re-reading on a lost race
 * (with a short full-jitter pause). `known` is an order the caller has just read: the first round starts
 * from it instead of reading again.
 * @returns the change as stored (with the new version) and whatever else it carries (a policy decision's
 * result), or undefined when the order does not exist.
 */
export async function mutateOrder<T extends Transition>(
  orderId: string,
  change: (order: Order) => T,
  known?: Order,
): Promise<T | undefined> {
  return retry<T | undefined>(
    async (round) => {
      const order = round === 1 && known !== undefined ? known : await getOrder(orderId);
      if (order === undefined) return { done: true, value: undefined };
      const next = change(order);
      if (!next.changed) return { done: true, value: next };
      if (await replaceOrder(next.order, order.version, order)) {
        return { done: true, value: { ...next, order: { ...next.order, version: order.version + 1 } } };
      }
      return { done: false, reason: 'another write won the race' };
    },
    {
      attempts: MUTATE_ATTEMPTS,
      baseMs: 5,
      capMs: 200,
      exhausted: () => new HubError(ErrorCode.Temporary, 'order is busy, please retry'),
    },
  );
}

/**
 * One page of the orders that still hold guest data and checked out on or before `checkOut` (yyyyMMdd),
 * earliest first: the retention run's query, resumed from `after`.
 */
export async function ordersHoldingGuestData(
  checkOut: string,
  limit: number,
  after?: Record<string, unknown>,
): Promise<{ orderIds: string[]; next?: Record<string, unknown> }> {
  const { Items, LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({
      TableName: getConfig().tableName,
      IndexName: TableLayout.byGuestData.indexName,
      KeyConditionExpression: 'guestShard = :shard AND guestCheckOut <= :checkOut',
      ExpressionAttributeValues: { ':shard': GUEST_SHARD, ':checkOut': checkOut },
      Limit: limit,
      ...(after === undefined ? {} : { ExclusiveStartKey: after }),
    }),
  );
  return {
    orderIds: (Items ?? []).map((item) => String(item.pk).slice('ORDER#'.length)),
    ...(LastEvaluatedKey === undefined ? {} : { next: LastEvaluatedKey }),
  };
}

/** Keys of orders whose owed work is due at or before `until`, soonest first (the sweeper's query). */
export async function dueOrderIds(until: number, limit = 500): Promise<string[]> {
  const ids: string[] = [];
  const pages = paginateQuery(
    { client: dynamo(), pageSize: 100 },
    {
      TableName: getConfig().tableName,
      IndexName: TableLayout.byDue.indexName,
      KeyConditionExpression: 'dueShard = :shard AND nextDueAt <= :until',
      ExpressionAttributeValues: { ':shard': DUE_SHARD, ':until': until },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) ids.push(String(item.pk).slice('ORDER#'.length));
    if (ids.length >= limit) return ids.slice(0, limit);
  }
  return ids;
}

/**
 * Orders with work that gave up. A filtered scan: `ops failed` is an operator's occasional question, not a
 * hot path, so it does not earn an index of its own.
 */
export async function ordersWithFailedWork(): Promise<Order[]> {
  const orders: Order[] = [];
  const pages = paginateScan(
    { client: dynamo() },
    { TableName: getConfig().tableName, FilterExpression: 'failedWork > :zero', ExpressionAttributeValues: { ':zero': 0 } },
  );
  for await (const page of pages) orders.push(...(page.Items ?? []).map(fromItem));
  return orders;
}
