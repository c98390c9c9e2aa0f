/** The history of every inbound request: on its order, or in an "unmatched" history when no order is found. */
import { PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../config/config.js';
import { dynamo, putItem } from './client.js';
import { Keys } from './table.js';

/** Unmatched requests are kept 90 days; an order's own history as long as the order. */
const UNMATCHED_TTL_SECONDS = 90 * 24 * 3600;
/** A request that failed authentication is a stranger's: its metadata is kept a week, enough to see an attack. */
const UNAUTHENTICATED_TTL_SECONDS = 7 * 24 * 3600;

export interface InboundRecord {
  route: string;
  requestId: string;
  at: number;
  /**
   * The body exactly as received (decoded from base64 when API Gateway encoded it), for an authenticated
   * request only: strangers must not be able to make the supplier store their bytes.
   */
  rawBody?: string;
  /** Size and SHA-256 (hex) of the body as received, for every request. */
  bodyBytes: number;
  bodySha256: string;
  /** False when the request failed authentication (or was refused before it): metadata only. */
  authenticated: boolean;
  /** The headers that matter for tracing a call, never the signature itself. */
  headers: Record<string, string>;
  outcome: { code: number | string; description: string };
  orderId?: string;
  latencyMs: number;
}

/** Appends one inbound request to its order's history (`matched`) or to the unmatched history. */
export async function appendHistory(record: InboundRecord, matched: boolean): Promise<void> {
  const key =
    matched && record.orderId !== undefined
      ? Keys.history(record.orderId, record.at, record.requestId)
      : Keys.unmatched(record.at, record.requestId);
  const keptFor = record.authenticated ? UNMATCHED_TTL_SECONDS : UNAUTHENTICATED_TTL_SECONDS;
  const expiresAt = matched ? undefined : Math.floor(record.at / 1000) + keptFor;
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

/** Rewrites one history entry of an order in place (the retention run's erasure). */
export async function replaceHistory(orderId: string, record: InboundRecord): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: getConfig().tableName,
      Item: { ...Keys.history(orderId, record.at, record.requestId), kind: 'inbound', ...record },
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
}

/** An order's inbound history, oldest first. */
export function listHistory(orderId: string): Promise<InboundRecord[]> {
  return queryAll(Keys.order(orderId).pk, 'HIST#');
}

/** Unmatched inbound requests of one UTC day (yyyy-MM-dd). */
export function listUnmatched(day: string): Promise<InboundRecord[]> {
  return queryAll(`UNMATCHED#${day}`, 'HIST#');
}
