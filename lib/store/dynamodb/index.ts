/** The stores on the one DynamoDB table. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../../config/config.js';
import type { Stores } from '../ports.js';
import { dynamoAriHistory, dynamoIdempotency } from './ari.js';
import { dynamoCatalog } from './catalog.js';
import { dynamo } from './client.js';
import { dynamoHistory } from './history.js';
import { dynamoNights } from './nights.js';
import { dynamoOrders } from './orders.js';
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
    reports: {
      async put(kind, at, report, ttlSeconds) {
        await dynamo().send(
          new PutCommand({
            TableName: getConfig().tableName,
            Item: { ...Keys.report(kind, at), ...report, expiresAt: Math.floor(at / 1000) + ttlSeconds },
          }),
        );
      },
    },
  };
}
