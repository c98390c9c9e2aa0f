/** The stores on the one DynamoDB table. */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../../config/config.js';
import type { Stores } from '../ports.js';
import { dynamoAriHistory, dynamoIdempotency } from './ari.js';
import { dynamoCalls } from './calls.js';
import { dynamoCatalog } from './catalog.js';
import { dynamo } from './client.js';
import { dynamoHistory } from './history.js';
import { dynamoNights } from './nights.js';
import { dynamoOrders } from './orders.js';
import { dynamoPushes } from './pushes.js';
import { Keys } from './table.js';
import { dynamoTokens } from './tokens.js';

/** @example useStores(dynamoStores()) */
export function dynamoStores(): Stores {
  return {
    orders: dynamoOrders,
    history: dynamoHistory,
    catalog: dynamoCatalog,
    nights: dynamoNights,
    tokens: dynamoTokens,
    ariHistory: dynamoAriHistory,
    idempotency: dynamoIdempotency,
    calls: dynamoCalls,
    pushes: dynamoPushes,
    reports: {
      async put(kind, at, report, ttlSeconds) {
        await dynamo().send(
          new PutCommand({
            TableName: getConfig().tableName,
            Item: { ...Keys.report(kind, at), ...report, expiresAt: Math.floor(at / 1000) + ttlSeconds },
          }),
        );
      },
      async latest(kind) {
        const { Items } = await dynamo().send(
          new QueryCommand({
            TableName: getConfig().tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': Keys.report(kind, 0).pk },
            ScanIndexForward: false,
            Limit: 1,
          }),
        );
        const item = Items?.[0];
        if (item === undefined) return undefined;
        const { pk: _pk, sk, expiresAt: _expires, ...report } = item;
        return { at: Date.parse(String(sk)), report };
      },
    },
  };
}
