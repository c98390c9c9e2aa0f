/**
 * Orders in DynamoDB. Every state change is one conditional single-item write: a new record is a put on
 * `attribute_not_exists(pk)` that asks for the stored item when it fails (a duplicate costs no read), every
 * later change a put on the version it was computed from.
 */
import { GetCommand, paginateQuery, paginateScan, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { getConfig } from '../../config/config.js';
import {
  isRefusal,
  MAX_ATTEMPTS_KEPT,
  needsOperator,
  nextDueAt,
  type Order,
  type OrderRecord,
  type OrderRef,
} from '../../orders/index.js';
import type { Cursor, OrderFilter, OrdersStore } from '../ports.js';
import { dynamo, isConditionFailure, putItem } from './client.js';
import { ArrivalShard, arrivalKey, DUE_SHARD, GUEST_SHARD, Keys, refOfPartition, TableLayout } from './table.js';

/** The index attributes an order carries beside itself (sparse: only while they apply). */
type Indexed = {
  pk: string;
  sk: string;
  dueShard?: string;
  nextDueAt?: number;
  failedWork?: number;
  guestShard?: string;
  guestCheckOut?: string;
  arrivalShard?: string;
  arrival?: string;
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

function toItem(record: OrderRecord): OrderRecord & Indexed {
  const key = Keys.order(record);
  if (isRefusal(record)) return { ...record, ...key };
  const due = nextDueAt(record);
  const waiting = needsOperator(record);
  const attempts = record.attempts.slice(-MAX_ATTEMPTS_KEPT).map((attempt) => clip(attempt, ['request', 'detail']));
  const work = Object.fromEntries(Object.entries(record.work).map(([id, item]) => [id, clip(item, ['lastError', 'note'])]));
  return {
    ...record,
    attempts,
    work,
    ...key,
    ...(due === undefined ? {} : { dueShard: DUE_SHARD, nextDueAt: due }),
    ...(waiting === 0 ? {} : { failedWork: waiting }),
    ...(record.guestDataErasedAt === undefined ? { guestShard: GUEST_SHARD, guestCheckOut: record.booking.checkOut } : {}),
    arrivalShard: waiting === 0 ? ArrivalShard.Arrival : ArrivalShard.Person,
    arrival: arrivalKey(record),
  };
}

function fromItem(item: Record<string, unknown>): OrderRecord {
  const {
    pk: _pk,
    sk: _sk,
    dueShard: _shard,
    nextDueAt: _due,
    failedWork: _failed,
    guestShard: _guestShard,
    guestCheckOut: _guestCheckOut,
    arrivalShard: _arrivalShard,
    arrival: _arrival,
    ...record
  } = item as unknown as OrderRecord & Indexed;
  return record;
}

const tableName = () => getConfig().tableName;

async function get(ref: OrderRef): Promise<OrderRecord | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: Keys.order(ref), ConsistentRead: true }));
  return Item === undefined ? undefined : fromItem(Item);
}

async function getByExtId(orderExtId: string): Promise<Order | undefined> {
  // DynamoDB refuses an empty string as an index key value (ValidationException): no such order.
  if (orderExtId === '') return undefined;
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: TableLayout.byOrderExtId.indexName,
      KeyConditionExpression: '#ext = :ext',
      ExpressionAttributeNames: { '#ext': 'orderExtId' },
      ExpressionAttributeValues: { ':ext': orderExtId },
      Limit: 1,
    }),
  );
  const key = Items?.[0];
  const record = key === undefined ? undefined : await get(refOfPartition(String(key.pk)));
  return record === undefined || isRefusal(record) ? undefined : record;
}

async function create(record: OrderRecord): Promise<{ created: true } | { created: false; existing: OrderRecord }> {
  try {
    await putItem({
      TableName: tableName(),
      Item: toItem(record),
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    return { created: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // The stored item comes back in attribute-value form, which the document client leaves as it is.
    const existing = error.Item === undefined ? await get(record) : fromItem(unmarshall(error.Item));
    if (existing === undefined) throw error;
    return { created: false, existing };
  }
}

async function replace(next: Order, previousVersion: number): Promise<boolean> {
  try {
    await putItem({
      TableName: tableName(),
      Item: toItem({ ...next, version: previousVersion + 1 }),
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': previousVersion },
    });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function due(until: number, limit: number): Promise<OrderRef[]> {
  const refs: OrderRef[] = [];
  const pages = paginateQuery(
    { client: dynamo(), pageSize: 100 },
    {
      TableName: tableName(),
      IndexName: TableLayout.byDue.indexName,
      KeyConditionExpression: 'dueShard = :shard AND nextDueAt <= :until',
      ExpressionAttributeValues: { ':shard': DUE_SHARD, ':until': until },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) refs.push(refOfPartition(String(item.pk)));
    if (refs.length >= limit) return refs.slice(0, limit);
  }
  return refs;
}

/** One arrival partition's orders from `from` to `upper` (both included), latest first, filtered. */
async function* arrivals(
  shard: string,
  range: { from: string; upper: string },
  filter: OrderFilter,
  pageSize?: number,
): AsyncGenerator<Order> {
  const names: Record<string, string> = { '#shard': 'arrivalShard', '#arrival': 'arrival' };
  const values: Record<string, unknown> = { ':shard': shard, ':from': range.from, ':upper': range.upper };
  const filters: string[] = [];
  for (const field of ['channel', 'status'] as const) {
    const value = filter[field];
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    filters.push(`#${field} = :${field}`);
  }
  const pages = paginateQuery(
    { client: dynamo(), ...(pageSize === undefined ? {} : { pageSize }) },
    {
      TableName: tableName(),
      IndexName: TableLayout.byArrival.indexName,
      KeyConditionExpression: '#shard = :shard AND #arrival BETWEEN :from AND :upper',
      ...(filters.length === 0 ? {} : { FilterExpression: filters.join(' AND ') }),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const record = fromItem(item);
      if (!isRefusal(record)) yield record;
    }
  }
}

/** The orders with work a person must see: the arrival index's small `PERSON` partition. */
async function needingOperator(): Promise<Order[]> {
  const orders: Order[] = [];
  for await (const order of arrivals(ArrivalShard.Person, { from: '0', upper: '~' }, {})) orders.push(order);
  return orders;
}

async function holdingGuestData(checkOut: string, limit: number, after?: Cursor): Promise<{ refs: OrderRef[]; next?: Cursor }> {
  const { Items, LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: TableLayout.byGuestData.indexName,
      KeyConditionExpression: 'guestShard = :shard AND guestCheckOut <= :checkOut',
      ExpressionAttributeValues: { ':shard': GUEST_SHARD, ':checkOut': checkOut },
      Limit: limit,
      ...(after === undefined ? {} : { ExclusiveStartKey: JSON.parse(after) as Record<string, unknown> }),
    }),
  );
  return {
    refs: (Items ?? []).map((item) => refOfPartition(String(item.pk))),
    ...(LastEvaluatedKey === undefined ? {} : { next: JSON.stringify(LastEvaluatedKey) }),
  };
}

/**
 * A page of orders by arrival, latest first: both arrival partitions read from the cursor down and merged.
 * The cursor is the last order's arrival key (`<yyyyMMdd>#<orderExtId>`, unique), so the next page starts
 * right after it whatever the filter skipped and whichever partition the order has moved to since.
 */
async function list(filter: OrderFilter, limit: number, after?: Cursor): Promise<{ orders: Order[]; next?: Cursor }> {
  // `#` sorts below every digit: `<to>~` is after every order arriving on `to`.
  const range = { from: filter.arrivalFrom ?? '0', upper: after ?? `${filter.arrivalTo ?? '99999999'}~` };
  const key = (order: Order) => arrivalKey(order);
  const take = async (shard: string) => {
    const taken: Order[] = [];
    for await (const order of arrivals(shard, range, filter, limit + 1)) {
      if (key(order) === after) continue;
      taken.push(order);
      if (taken.length === limit) break;
    }
    return taken;
  };
  const [arriving, stuck] = await Promise.all([take(ArrivalShard.Arrival), take(ArrivalShard.Person)]);
  const page = [...arriving, ...stuck].sort((a, b) => key(b).localeCompare(key(a))).slice(0, limit);
  const last = page.at(-1);
  return page.length === limit && last !== undefined ? { orders: page, next: key(last) } : { orders: page };
}

/**
 * Puts the orders written before the arrival index into it (an upgrade's one-time step, `ops reindex`): each
 * order without its index key is written again as it is, on its version, so a concurrent change wins.
 */
export async function reindexOrders(): Promise<{ seen: number; reindexed: number }> {
  const done = { seen: 0, reindexed: 0 };
  const pages = paginateScan(
    { client: dynamo() },
    {
      TableName: tableName(),
      FilterExpression: 'sk = :order AND attribute_not_exists(arrivalShard) AND attribute_not_exists(kind)',
      ExpressionAttributeValues: { ':order': 'ORDER' },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      done.seen += 1;
      const order = fromItem(item) as Order;
      if (await replace(order, order.version)) done.reindexed += 1;
    }
  }
  return done;
}

/** The orders store on the table. */
export const dynamoOrders: OrdersStore = { get, getByExtId, create, replace, due, needingOperator, holdingGuestData, list };
