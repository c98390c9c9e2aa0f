/** Douyin's shared client token in DynamoDB, with its refresh lock as a conditional update on the same item. */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../../config/config.js';
import type { StoredToken, TokenStore } from '../ports.js';
import { dynamo, isConditionFailure } from './client.js';
import { Keys } from './table.js';

async function read(name: string): Promise<(StoredToken & { lockUntil?: number }) | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: getConfig().tableName, Key: Keys.token(name), ConsistentRead: true }),
  );
  return Item?.token === undefined ? undefined : (Item as StoredToken & { lockUntil?: number });
}

/**
 * Checking the token in the lock's own condition closes the gap between reading it and locking, in which
 * another instance may have just stored a fresh one.
 */
async function lock(
  name: string,
  { now, until, refreshBy, rejected }: { now: number; until: number; refreshBy: number; rejected?: string },
) {
  const stale = [
    'attribute_not_exists(#token)',
    'expiresAt < :refreshBy',
    ...(rejected === undefined ? [] : ['(#token = :rejected AND (attribute_not_exists(fetchedAt) OR fetchedAt < :now))']),
  ];
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: getConfig().tableName,
        Key: Keys.token(name),
        UpdateExpression: 'SET lockUntil = :until',
        ConditionExpression: `(attribute_not_exists(lockUntil) OR lockUntil < :now) AND (${stale.join(' OR ')})`,
        ExpressionAttributeNames: { '#token': 'token' },
        ExpressionAttributeValues: {
          ':until': until,
          ':now': now,
          ':refreshBy': refreshBy,
          ...(rejected === undefined ? {} : { ':rejected': rejected }),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function write(name: string, token: StoredToken): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: getConfig().tableName, Item: { ...Keys.token(name), ...token } }));
}

/** The token store on the table. */
export const dynamoTokens: TokenStore = { read, lock, write };
