/** The one DynamoDB table's layout, shared by the store, the local stack and the CDK stack. */
import type { OrderRef } from '../../orders/index.js';

export const TableLayout = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Orders by our `order_ext_id`. */
  byOrderExtId: { indexName: 'byOrderExtId', partitionKey: 'orderExtId' },
  /** Sparse index of orders that still owe work, by when it is due (the sweeper's query). */
  byDue: { indexName: 'byDue', partitionKey: 'dueShard', sortKey: 'nextDueAt' },
  /** Sparse index of orders that still hold guest data, by check-out date yyyyMMdd (the retention run's query). */
  byGuestData: { indexName: 'byGuestData', partitionKey: 'guestShard', sortKey: 'guestCheckOut' },
  /**
   * Every order by arrival night then order_ext_id (`<yyyyMMdd>#<orderExtId>`), in one of two partitions:
   * `PERSON` while it has work a person must see (failed, in doubt), `ARRIVAL` otherwise. The console's list
   * reads both; the work page reads the small `PERSON` one alone. One index for both, because CloudFormation
   * adds one index to a table per deploy.
   */
  byArrival: { indexName: 'byArrival', partitionKey: 'arrivalShard', sortKey: 'arrival' },
  /** Epoch seconds after which DynamoDB may delete the item (unmatched history, reports). */
  ttlAttribute: 'expiresAt',
} as const;

/** The partition holding the catalog's room types, one item each. */
export const CATALOG_PARTITION = 'CATALOG';

/** The single value of `dueShard`: the due index is small (only orders owing work) so one partition serves. */
export const DUE_SHARD = 'DUE';

/** The single value of `guestShard`; an order leaves the index once its guest data is erased. */
export const GUEST_SHARD = 'GUEST';

/**
 * The values of `arrivalShard`: a hotel takes hundreds of bookings a day, far below one partition's thousand
 * writes a second, and one partition reads in arrival order.
 */
export const ArrivalShard = { Arrival: 'ARRIVAL', Person: 'PERSON' } as const;

/** An order's key in the arrival index: its arrival night, then its order_ext_id. */
export const arrivalKey = (order: { orderExtId: string; booking: { checkIn: string } }) =>
  `${order.booking.checkIn}#${order.orderExtId}`;

/** An order's partition: its channel and the channel's order id, so the channels' ids never meet. */
const orderPartition = (ref: OrderRef) => `ORDER#${ref.channel}#${ref.orderId}`;

/** The ref of an order partition key (`ORDER#<channel>#<orderId>`). */
export function refOfPartition(pk: string): OrderRef {
  const rest = pk.slice('ORDER#'.length);
  const separator = rest.indexOf('#');
  return { channel: rest.slice(0, separator) as OrderRef['channel'], orderId: rest.slice(separator + 1) };
}

export const Keys = {
  order: (ref: OrderRef) => ({ pk: orderPartition(ref), sk: 'ORDER' }),
  history: (ref: OrderRef, at: number, requestId: string) => ({
    pk: orderPartition(ref),
    sk: `HIST#${new Date(at).toISOString()}#${requestId}`,
  }),
  unmatched: (at: number, requestId: string) => ({
    pk: `UNMATCHED#${new Date(at).toISOString().slice(0, 10)}`,
    sk: `HIST#${new Date(at).toISOString()}#${requestId}`,
  }),
  token: (name: string) => ({ pk: `TOKEN#${name}`, sk: 'TOKEN' }),
  catalogRoomType: (spuExtId: string) => ({ pk: CATALOG_PARTITION, sk: `RT#${spuExtId}` }),
  /** One night of a room type: its price, and for its own allotment `allotment`, `held`, `available` and its holders. */
  night: (spuExtId: string, night: string) => ({ pk: `INV#${spuExtId}`, sk: `NIGHT#${night}` }),
  report: (kind: string, at: number) => ({ pk: `REPORT#${kind}`, sk: new Date(at).toISOString() }),
  /** One entry of a room type's ARI history, sorted by night then time. */
  ariHistory: (roomType: string, night: string, at: number, unique: string) => ({
    pk: `ARI#${roomType}`,
    sk: `${night}#${new Date(at).toISOString()}#${unique}`,
  }),
  idempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' }),
  /** The ARI a channel is owed for one room type. */
  push: (channel: string, roomType: string) => ({ pk: `PUSH#${channel}`, sk: roomType }),
  /** One channel's inbound calls in one minute (`yyyy-MM-ddTHH:mm`). */
  calls: (channel: string, minute: string) => ({ pk: `CALLS#${channel}`, sk: minute }),
} as const;

/** CreateTable input for the local stack (CDK declares the same in infra/). */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' as const },
      { AttributeName: 'sk', AttributeType: 'S' as const },
      { AttributeName: 'orderExtId', AttributeType: 'S' as const },
      { AttributeName: 'dueShard', AttributeType: 'S' as const },
      { AttributeName: 'nextDueAt', AttributeType: 'N' as const },
      { AttributeName: 'guestShard', AttributeType: 'S' as const },
      { AttributeName: 'guestCheckOut', AttributeType: 'S' as const },
      { AttributeName: 'arrivalShard', AttributeType: 'S' as const },
      { AttributeName: 'arrival', AttributeType: 'S' as const },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' as const },
      { AttributeName: 'sk', KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: TableLayout.byOrderExtId.indexName,
        KeySchema: [{ AttributeName: 'orderExtId', KeyType: 'HASH' as const }],
        Projection: { ProjectionType: 'KEYS_ONLY' as const },
      },
      {
        IndexName: TableLayout.byDue.indexName,
        KeySchema: [
          { AttributeName: 'dueShard', KeyType: 'HASH' as const },
          { AttributeName: 'nextDueAt', KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' as const },
      },
      {
        IndexName: TableLayout.byGuestData.indexName,
        KeySchema: [
          { AttributeName: 'guestShard', KeyType: 'HASH' as const },
          { AttributeName: 'guestCheckOut', KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' as const },
      },
      {
        IndexName: TableLayout.byArrival.indexName,
        KeySchema: [
          { AttributeName: 'arrivalShard', KeyType: 'HASH' as const },
          { AttributeName: 'arrival', KeyType: 'RANGE' as const },
        ],
        // The list shows each order's summary from the index alone: one Query a page, no read per order.
        Projection: { ProjectionType: 'ALL' as const },
      },
    ],
  };
}
