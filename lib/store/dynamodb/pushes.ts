/**
 * The ARI each channel is owed, one item per channel and room type (`PUSH#<channel>`, the room type): a widened
 * range of nights and a version. Widening reads the item and writes it back on its version (a few tries; the
 * writers are the room type's own changes), and a push settles the debt only at the version it read. A
 * settled item stays, without its range (the functions may not delete items), and owes nothing.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../../config/config.js';
import type { PushDebt, PushStore } from '../ports.js';
import { dynamo, isConditionFailure } from './client.js';
import { Keys } from './table.js';

const tableName = () => getConfig().tableName;

const debtOf = (item: Record<string, unknown> | undefined): PushDebt | undefined => {
  if (item === undefined || item.first === undefined) return undefined;
  const { pk: _pk, sk: _sk, ...debt } = item;
  return debt as unknown as PushDebt;
};

async function read(channel: string, roomType: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(), Key: Keys.push(channel, roomType), ConsistentRead: true }),
  );
  return Item;
}

async function get(channel: string, roomType: string): Promise<PushDebt | undefined> {
  return debtOf(await read(channel, roomType));
}

export const dynamoPushes: PushStore = {
  async owe(channel, roomType, first, last, now) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const item = await read(channel, roomType);
      const owed = debtOf(item);
      const version = Number(item?.version ?? 0) + 1;
      const next: PushDebt =
        owed === undefined
          ? { channel, roomType, first, last, since: now, version, attempts: 0 }
          : {
              ...owed,
              first: first < owed.first ? first : owed.first,
              last: last > owed.last ? last : owed.last,
              version,
            };
      try {
        await dynamo().send(
          new PutCommand({
            TableName: tableName(),
            Item: { ...Keys.push(channel, roomType), ...next },
            ...(item === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': item.version } }),
          }),
        );
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new Error(`the ARI owed for ${roomType} kept changing: not recorded`);
  },
  get,
  async list(channel) {
    const { Items } = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': Keys.push(channel, '').pk },
      }),
    );
    return (Items ?? []).flatMap((item) => {
      const debt = debtOf(item);
      return debt === undefined ? [] : [debt];
    });
  },
  async settle(channel, roomType, version) {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: Keys.push(channel, roomType),
          UpdateExpression: 'REMOVE #first, #last, lastError SET attempts = :zero',
          ExpressionAttributeNames: { '#first': 'first', '#last': 'last' },
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': version, ':zero': 0 },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    return true;
  },
  async failed(channel, roomType, error) {
    await dynamo()
      .send(
        new UpdateCommand({
          TableName: tableName(),
          Key: Keys.push(channel, roomType),
          UpdateExpression: 'ADD attempts :one SET lastError = :error',
          ConditionExpression: 'attribute_exists(#first)',
          ExpressionAttributeNames: { '#first': 'first' },
          ExpressionAttributeValues: { ':one': 1, ':error': error.slice(0, 300) },
        }),
      )
      .catch((caught: unknown) => {
        if (!isConditionFailure(caught)) throw caught;
      });
  },
};
