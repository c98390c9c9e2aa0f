/** The history of every inbound request: on its order, or in an "unmatched" history when no order is found. */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../config/config.js';
import { dynamo } from './client.js';
import { Keys } from './table.js';

/** Unmatched requests are kept 90 days; an order's own history as long as the order. */
const UNMATCHED_TTL_SECONDS = 90 * 24 * 3600;

export interface InboundRecord {
  route: string;
  requestId: string;
  at: number;
  /** The body exactly as received (decoded from base64 when API Gateway encoded it). */
  rawBody: string;
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
  const expiresAt = matched ? undefined : Math.floor(record.at / 1000) + UNMATCHED_TTL_SECONDS;
  await dynamo().send(
    new PutCommand({ TableName: getConfig().tableName, Item: { ...key, kind: 'inbound', ...record, expiresAt } }),
  );
}

/** An order's inbound history, oldest first. */
export async function listHistory(orderId: string): Promise<InboundRecord[]> {
  const records: InboundRecord[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: getConfig().tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hist)',
        ExpressionAttributeValues: { ':pk': Keys.order(orderId).pk, ':hist': 'HIST#' },
        ExclusiveStartKey: cursor,
      }),
    );
    records.push(...((page.Items ?? []) as InboundRecord[]));
    cursor = page.LastEvaluatedKey;
  } while (cursor !== undefined);
  return records;
}

/** Unmatched inbound requests of one UTC day (yyyy-MM-dd). */
export async function listUnmatched(day: string): Promise<InboundRecord[]> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: getConfig().tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `UNMATCHED#${day}` },
    }),
  );
  return (Items ?? []) as InboundRecord[];
}
