/**
 * The ARI history and the admin API's idempotency keys in DynamoDB. A room type's history is one partition,
 * sorted by night and time (`ARI#<roomType>`, `<night>#<at>#<n>`), kept 410 days by TTL; a key is one item kept
 * 24 hours, claimed with a conditional put.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand, PutCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../../config/config.js';
import { ChannelHubError } from '../../errors.js';
import { retry } from '../../retry.js';
import type { AriHistoryEntry, AriHistoryStore, IdempotencyStore } from '../ports.js';
import { dynamo, isConditionFailure } from './client.js';
import { Keys } from './table.js';

/** Longer than the 400 days the contract asks for, so a TTL's lag never cuts it short. */
const HISTORY_TTL_SECONDS = 410 * 24 * 3600;
const KEY_TTL_MS = 24 * 3600 * 1000;

async function append(entries: AriHistoryEntry[]): Promise<void> {
  const tableName = getConfig().tableName;
  const items = entries.map((entry) => ({
    PutRequest: {
      Item: {
        ...Keys.ariHistory(entry.roomType, entry.night, entry.at, randomUUID().slice(0, 8)),
        ...entry,
        expiresAt: Math.floor(entry.at / 1000) + HISTORY_TTL_SECONDS,
      },
    },
  }));
  for (let start = 0; start < items.length; start += 25) {
    let pending: typeof items = items.slice(start, start + 25);
    await retry(
      async () => {
        const { UnprocessedItems } = await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (UnprocessedItems?.[tableName] ?? []) as typeof items;
        return pending.length === 0
          ? { done: true, value: undefined }
          : { done: false, reason: `${pending.length} history entries unprocessed` };
      },
      { attempts: 8, baseMs: 100, capMs: 2_000, exhausted: (reason) => new ChannelHubError(`ARI history: ${reason}`) },
    );
  }
}

async function list(roomType: string, range: { first: string; last: string }, ratePlan?: string): Promise<AriHistoryEntry[]> {
  const found: AriHistoryEntry[] = [];
  const { pk } = Keys.ariHistory(roomType, range.first, 0, '');
  const pages = paginateQuery(
    { client: dynamo() },
    {
      TableName: getConfig().tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: { ':pk': pk, ':first': `${range.first}#`, ':last': `${range.last}#~` },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const { pk: _pk, sk: _sk, expiresAt: _expires, ...entry } = item as AriHistoryEntry & Record<string, unknown>;
      if (ratePlan === undefined || entry.ratePlan === ratePlan) found.push(entry);
    }
  }
  return found.sort((a, b) => b.at - a.at || b.night.localeCompare(a.night));
}

export const dynamoAriHistory: AriHistoryStore = { append, list };

export const dynamoIdempotency: IdempotencyStore = {
  async claim(key, bodyHash, now) {
    const tableName = getConfig().tableName;
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName,
          Item: { ...Keys.idempotency(key), bodyHash, claimedAt: now, expiresAt: Math.floor((now + KEY_TTL_MS) / 1000) },
          // A key past its 24 hours is free again, even before DynamoDB's TTL deletes it.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': Math.floor(now / 1000) },
        }),
      );
      return { state: 'new' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName, Key: Keys.idempotency(key), ConsistentRead: true }),
    );
    if (Item?.bodyHash !== bodyHash) return { state: 'other' };
    return Item.answer === undefined ? { state: 'same' } : { state: 'same', answer: Item.answer };
  },
  async complete(key, answer) {
    await dynamo().send(
      new UpdateCommand({
        TableName: getConfig().tableName,
        Key: Keys.idempotency(key),
        UpdateExpression: 'SET answer = :answer',
        ExpressionAttributeValues: { ':answer': answer },
      }),
    );
  },
};
