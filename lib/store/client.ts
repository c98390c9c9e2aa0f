/** The DynamoDB document client, made once per process (endpoint from AWS_ENDPOINT_URL_DYNAMODB locally). */
import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let documentClient: DynamoDBDocumentClient | undefined;

/** The shared document client; undefined values are dropped on write, as the order model uses optional fields. */
export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

/** Forgets the client (local stack restarts, tests). */
export function resetDynamo(): void {
  documentClient?.destroy();
  documentClient = undefined;
}

/**
 * Whether an AWS SDK error is a failed ConditionExpression. `Item` is the stored item when the request
 * asked for it (ReturnValuesOnConditionCheckFailure), in attribute-value form even through the document client.
 */
export function isConditionFailure(error: unknown): error is Error & { Item?: Record<string, AttributeValue> } {
  return (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}
