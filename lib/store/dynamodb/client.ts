/** The DynamoDB clients, made once per process (endpoint from AWS_ENDPOINT_URL_DYNAMODB locally). */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  PutItemCommand,
  type PutItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { awsClientOptions } from '../../aws/client-options.js';

let client: DynamoDBClient | undefined;
let documentClient: DynamoDBDocumentClient | undefined;

/** The shared low-level client, for the reads that take attribute values as they come (and its paginators). */
export function dynamoClient(): DynamoDBClient {
  client ??= new DynamoDBClient(awsClientOptions());
  return client;
}

/** The shared document client over it; undefined values are dropped on write, as the order model uses optional fields. */
export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(dynamoClient(), { marshallOptions: { removeUndefinedValues: true } });
  return documentClient;
}

const MARSHALL = { removeUndefinedValues: true } as const;

/**
 * Puts an item marshalled once, with the low-level command: the document client walks an item twice (its
 * own pass over the keys, then marshall), which the hot writes (an order, a history entry) need not pay.
 * @example await putItem({ TableName, Item: order, ConditionExpression: 'attribute_not_exists(pk)' })
 */
export function putItem(
  input: Omit<PutItemCommandInput, 'Item' | 'ExpressionAttributeValues'> & {
    Item: object;
    ExpressionAttributeValues?: Record<string, unknown>;
  },
) {
  const { Item, ExpressionAttributeValues, ...rest } = input;
  return dynamoClient().send(
    new PutItemCommand({
      ...rest,
      Item: marshall(Item, MARSHALL),
      ...(ExpressionAttributeValues === undefined
        ? {}
        : { ExpressionAttributeValues: marshall(ExpressionAttributeValues, MARSHALL) }),
    }),
  );
}

/** Forgets the client (local stack restarts, tests). */
export function resetDynamo(): void {
  documentClient?.destroy();
  client?.destroy();
  documentClient = undefined;
  client = undefined;
}

/**
 * Whether an AWS SDK error is a failed ConditionExpression. `Item` is the stored item when the request
 * asked for it (ReturnValuesOnConditionCheckFailure), in attribute-value form even through the document
 * client (aws-sdk-js-v3#6723).
 */
export function isConditionFailure(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException;
}
