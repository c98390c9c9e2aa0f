/** Cold-start baseline: a handler that imports only the AWS SDK clients the real functions use. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const queue = new SQSClient({});

export const handler = async () => ({ statusCode: 200, body: String(Boolean(documentClient) && Boolean(queue)) });
