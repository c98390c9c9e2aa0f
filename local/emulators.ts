/**
 * The local stand-ins for AWS's data services: DynamoDB Local (its own, in memory or under DATA_DIR, or a
 * shared one) with the table as the CDK stack declares it, and fauxqs with the work queue and its DLQ.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import type { FauxqsServer } from 'fauxqs';
import { createTableInput, TableLayout } from '../lib/store/dynamodb/table.js';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';

export interface Emulators {
  dynamodb: string;
  sqs: string;
  /** The table name to use unless the settings give one: unique on a shared emulator. */
  tableName: string;
  /** Makes the work queue and its DLQ (redrive after `maxReceiveCount` receives). */
  createQueues(options: { visibilityTimeoutSeconds: number; maxReceiveCount: number }): Queues;
  close(): Promise<void>;
}

interface Queues {
  queueUrl: string;
  queueArn: string;
  dlqUrl: string;
}

/**
 * fauxqs, loaded without the one warning it costs: it keeps its queues in `node:sqlite`, which Node 22 still
 * calls experimental on every load. The warning says nothing about Channel Hub, and every start and test
 * file printed it, so that one warning (and no other) is dropped while fauxqs loads.
 */
async function loadFauxqs(): Promise<typeof import('fauxqs')> {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    if (String(warning).startsWith('SQLite is an experimental feature')) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return await import('fauxqs');
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** Starts both emulators; `dynamodbEndpoint` is a DynamoDB Local already running (the test run shares one). */
export async function startEmulators(options: { dataDir?: string; dynamodbEndpoint?: string }): Promise<Emulators> {
  const { dataDir } = options;
  const own: DynamoDbLocal | undefined =
    options.dynamodbEndpoint === undefined
      ? await startDynamoDbLocal(dataDir ? { dbPath: join(dataDir, 'dynamodb-local') } : {})
      : undefined;
  let sqs: FauxqsServer;
  try {
    const { startFauxqs } = await loadFauxqs();
    sqs = await startFauxqs({ port: 0, logger: false, ...(dataDir ? { dataDir: join(dataDir, 'sqs') } : {}) });
  } catch (error) {
    await own?.stop();
    throw error;
  }
  return {
    dynamodb: own?.endpoint ?? (options.dynamodbEndpoint as string),
    sqs: sqs.address,
    // A shared emulator holds many stacks' tables; each stack keeps to its own.
    tableName: own === undefined ? `channel-hub-${randomUUID().slice(0, 8)}` : 'channel-hub',
    createQueues({ visibilityTimeoutSeconds, maxReceiveCount }) {
      const dlq = sqs.createQueue('channel-hub-dlq', { attributes: { MessageRetentionPeriod: '1209600' } });
      const queue = sqs.createQueue('channel-hub-work', {
        attributes: {
          VisibilityTimeout: String(visibilityTimeoutSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount }),
        },
      });
      return { queueUrl: queue.queueUrl, queueArn: queue.queueArn, dlqUrl: dlq.queueUrl };
    },
    async close() {
      await sqs.stop();
      await own?.stop();
    },
  };
}

/** Creates the table as the CDK stack declares it (TTL included), unless it is there from an earlier start. */
export async function ensureTable(tableName: string, endpoint: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint });
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // A table kept under DATA_DIR from before an index was added gets it now, as a CDK deploy would add it.
    const have = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    const wanted = createTableInput(tableName);
    for (const index of wanted.GlobalSecondaryIndexes.filter((one) => !have.has(one.IndexName))) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: wanted.AttributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
    }
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TableLayout.ttlAttribute, Enabled: true },
      }),
    );
  } finally {
    client.destroy();
  }
}
