/** The history of every inbound request in DynamoDB: in its order's partition, or in one partition a day when unmatched. */
import { PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../../config/config.js';
import type { OrderRef } from '../../orders/index.js';
import type { HistoryStore, InboundRecord } from '../ports.js';
import { dynamo, putItem } from './client.js';
import { Keys } from './table.js';

/** Unmatched requests are kept 90 days; an order's own history as long as the order. */
const UNMATCHED_TTL_SECONDS = 90 * 24 * 3600;
/** A request that failed authentication is a stranger's: its metadata is kept a week, enough to see an attack. */
const UNAUTHENTICATED_TTL_SECONDS = 7 * 24 * 3600;

async function append(record: InboundRecord, matched?: OrderRef): Promise<void> {
  const key =
    matched === undefined ? Keys.unmatched(record.at, record.requestId) : Keys.history(matched, record.at, record.requestId);
  const keptFor = record.authenticated ? UNMATCHED_TTL_SECONDS : UNAUTHENTICATED_TTL_SECONDS;
  const expiresAt = matched === undefined ? Math.floor(record.at / 1000) + keptFor : undefined;
  await putItem({ TableName: getConfig().tableName, Item: { ...key, kind: 'inbound', ...record, expiresAt } });
}

/** Every record under one partition key (and sort-key prefix), oldest first, page after page. */
async function queryAll(pk: string, skPrefix: string): Promise<InboundRecord[]> {
  const records: InboundRecord[] = [];
  const pages = paginateQuery(
    { client: dynamo() },
    {
      TableName: getConfig().tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    },
  );
  for await (const page of pages) records.push(...((page.Items ?? []) as InboundRecord[]));
  return records;
}

async function replace(ref: OrderRef, record: InboundRecord): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: getConfig().tableName,
      Item: { ...Keys.history(ref, record.at, record.requestId), kind: 'inbound', ...record },
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
}

/** The history store on the table. */
export const dynamoHistory: HistoryStore = {
  append,
  list: (ref) => queryAll(Keys.order(ref).pk, 'HIST#'),
  listUnmatched: (day) => queryAll(`UNMATCHED#${day}`, 'HIST#'),
  replace,
};
