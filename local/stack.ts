/**
 * The local stack: the very same Lambda handlers behind one HTTP server, on DynamoDB Local (Amazon's own
 * emulator) and fauxqs (SQS with its DLQ), with a worker loop that keeps Lambda's SQS batch semantics and a
 * sweeper timer.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { EXAMPLE_CATALOG_FILE, readCatalogFile } from '../lib/catalog/catalog.js';
import { getConfig, resetConfig } from '../lib/config/config.js';
import { resetTokenCache } from '../lib/douyin/token.js';
import { FunctionName, matchRoute } from '../lib/http/routes.js';
import { resetSqs, sqs } from '../lib/queue/work-queue.js';
import { resetCatalog, writeCatalogToTable } from '../lib/store/catalog-store.js';
import { resetDynamo } from '../lib/store/client.js';
import { createTableInput, TableLayout } from '../lib/store/table.js';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { apiEvent, lambdaContext, sqsEvent } from './lambda-runtime.js';

/**
 * Which function an async call chain belongs to, as Lambda would separate them. Only the requests benchmark
 * asks for it (`trackInvocations`): AsyncLocalStorage turns on promise hooks, which cost every request.
 */
export const invocation = new AsyncLocalStorage<FunctionName>();
let tracking = false;
function within<T>(functionName: FunctionName, run: () => T): T {
  return tracking ? invocation.run(functionName, run) : run();
}

type HttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
type ScheduledHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Imports a handler module on first use, as a Lambda's init does, and reuses it: a dynamic import() of a
 * loaded module still runs the loader's hooks (tsx's among them), which cost every request. A failed
 * import is tried again next time, as a failed init is.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };
}

const httpHandlers: Record<string, () => Promise<{ handler: unknown }>> = {
  [FunctionName.DouyinOrderCommit]: once(() => import('../functions/douyin-order-commit.js')),
  [FunctionName.DouyinOrderCancel]: once(() => import('../functions/douyin-order-cancel.js')),
  [FunctionName.DouyinOrderStatus]: once(() => import('../functions/douyin-order-status.js')),
  [FunctionName.PartnerSearchOrder]: once(() => import('../functions/partner-search-order.js')),
};
const syncWorker = once(() => import('../functions/sync-worker.js'));
const sweeper = once(() => import('../functions/sweeper.js'));
const retention = once(() => import('../functions/guest-data-retention.js'));

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. */
  port?: number;
  /** Keep DynamoDB and SQS on disk here; in memory when absent. */
  dataDir?: string;
  /**
   * A DynamoDB Local already running (the test run shares one): the stack then makes a table of its own
   * there, named uniquely unless TABLE_NAME is given, instead of starting an emulator.
   */
  dynamodbEndpoint?: string;
  /** Settings (SPEC §6) on top of the process environment. */
  env?: Record<string, string>;
  /** Run the worker loop (default true) and how many batches at once (Lambda concurrency). */
  worker?: boolean;
  workerConcurrency?: number;
  /** Sweep at start and then every interval (default 30 s); 0 turns the timer off. */
  sweepIntervalMs?: number;
  /** Erase due guest data at start and then every interval (default daily, as on AWS); 0 turns it off. */
  retentionIntervalMs?: number;
  /** Visibility timeout of the work queue, seconds (default 30). */
  visibilityTimeoutSeconds?: number;
  /** Write the endpoints here so `npm run ops` can reach this running stack. */
  endpointsFile?: string;
  /** Tell which function made each call (`invocation.getStore()`), for attributing requests. */
  trackInvocations?: boolean;
}

export interface LocalStack {
  url: string;
  port: number;
  queueUrl: string;
  dlqUrl: string;
  /** One sweeper pass, as the schedule would run it. */
  sweep(): Promise<unknown>;
  /** One retention run, as the daily schedule would run it. */
  eraseDueGuestData(): Promise<unknown>;
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** API Gateway's own payload limit: larger requests never reach a Lambda. */
const API_GATEWAY_LIMIT_BYTES = 10 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= API_GATEWAY_LIMIT_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size <= API_GATEWAY_LIMIT_BYTES ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });
}

/** Creates the table as the CDK stack declares it (TTL included), unless it is there from an earlier start. */
async function ensureTable(tableName: string, endpoint: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
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

/**
 * Starts the local stack and returns once `GET /health` would answer 200.
 * @example const stack = await startLocalStack({ port: 0, env: { DOUYIN_BASE_URL: fake.url } })
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = options.dataDir ?? options.env?.DATA_DIR ?? process.env.DATA_DIR;
  tracking = options.trackInvocations === true;
  if (dataDir !== undefined && dataDir !== '') mkdirSync(dataDir, { recursive: true });

  const ownDynamo: DynamoDbLocal | undefined =
    options.dynamodbEndpoint === undefined
      ? await startDynamoDbLocal(dataDir ? { dbPath: join(dataDir, 'dynamodb-local') } : {})
      : undefined;
  const dynamoEndpoint = ownDynamo?.endpoint ?? (options.dynamodbEndpoint as string);
  let sqsServer: FauxqsServer;
  try {
    sqsServer = await startFauxqs({ port: 0, logger: false, ...(dataDir ? { dataDir: join(dataDir, 'sqs') } : {}) });
  } catch (error) {
    await ownDynamo?.stop();
    throw error;
  }

  /** Forgets the clients pointed at the emulators and closes both, freeing DATA_DIR for the next start. */
  async function closeEmulators(): Promise<void> {
    resetDynamo();
    resetSqs();
    await sqsServer.stop();
    await ownDynamo?.stop();
  }

  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: sqsServer.address,
    // A shared emulator holds many stacks' tables; each stack keeps to its own.
    TABLE_NAME: ownDynamo === undefined ? `channel-hub-${randomUUID().slice(0, 8)}` : 'channel-hub',
    CATALOG_FILE: process.env.CATALOG_FILE ?? EXAMPLE_CATALOG_FILE,
    ...options.env,
  });
  resetConfig();
  resetDynamo();
  resetSqs();
  resetCatalog();
  resetTokenCache();
  const config = getConfig();

  const visibility = String(options.visibilityTimeoutSeconds ?? 30);
  const dlq = sqsServer.createQueue('channel-hub-dlq', { attributes: { MessageRetentionPeriod: '1209600' } });
  const queue = sqsServer.createQueue('channel-hub-work', {
    attributes: {
      VisibilityTimeout: visibility,
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: config.retry.maxAttempts }),
    },
  });
  process.env.QUEUE_URL = queue.queueUrl;
  process.env.DLQ_URL = dlq.queueUrl;
  resetConfig();
  // The catalog goes into the table as `ops catalog load` puts it there on AWS; a broken one stops the
  // start here, naming the entry, rather than failing the first request.
  try {
    await ensureTable(config.tableName, dynamoEndpoint);
    if (config.catalogFile !== undefined) await writeCatalogToTable(await readCatalogFile(config.catalogFile));
  } catch (error) {
    await closeEmulators();
    throw error;
  }

  const server = createServer((request, response) => {
    void serve(request, response);
  });
  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
    if (request.method === 'GET' && url.pathname === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const route = matchRoute(request.method ?? '', url.pathname);
    const load = route && httpHandlers[route.functionName];
    if (route === undefined || load === undefined) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
      return;
    }
    try {
      const body = await readBody(request);
      if (body === undefined) {
        response.writeHead(413, { 'content-type': 'application/json' }).end('{"message":"Request Entity Too Large"}');
        return;
      }
      const { handler } = (await load()) as { handler: HttpHandler };
      const event = apiEvent({
        method: request.method ?? 'POST',
        url,
        routeKey: `${route.method} ${route.path}`,
        headers: request.headers,
        body,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      });
      const result = await within(route.functionName, () => handler(event, lambdaContext(route.functionName)));
      const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
      response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>).end(payload);
    } catch (error) {
      // API Gateway answers 500 when a Lambda throws; the handlers are written never to.
      console.error('handler threw', error);
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
    }
  }
  const port = await listen(server, options.port ?? config.port);

  let stopped = false;
  const loops: Promise<void>[] = [];
  const queueArn = queue.queueArn;
  async function pollLoop(): Promise<void> {
    const { handler } = (await syncWorker()) as unknown as { handler: SqsHandler };
    while (!stopped) {
      try {
        const { Messages } = await sqs().send(
          new ReceiveMessageCommand({
            QueueUrl: queue.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
          }),
        );
        if (Messages === undefined || Messages.length === 0 || stopped) continue;
        let failed = new Set(Messages.map((message) => message.MessageId));
        try {
          const result = await within(FunctionName.SyncWorker, () =>
            handler(sqsEvent(Messages, queueArn), lambdaContext(FunctionName.SyncWorker, 60_000)),
          );
          failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
        } catch (error) {
          console.error('worker batch failed; messages return after their visibility timeout', error);
        }
        const done = Messages.filter((message) => !failed.has(message.MessageId));
        if (done.length > 0) {
          await sqs().send(
            new DeleteMessageBatchCommand({
              QueueUrl: queue.queueUrl,
              Entries: done.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
            }),
          );
        }
      } catch (error) {
        if (!stopped) {
          console.error('worker poll failed', error);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    }
  }
  if (options.worker !== false) {
    for (let i = 0; i < (options.workerConcurrency ?? 2); i++) loops.push(pollLoop());
  }

  async function sweep(): Promise<unknown> {
    const { handler } = (await sweeper()) as unknown as { handler: ScheduledHandler };
    return within(FunctionName.Sweeper, () => handler({}, lambdaContext(FunctionName.Sweeper)));
  }
  async function eraseDueGuestData(): Promise<unknown> {
    const { handler } = (await retention()) as unknown as { handler: ScheduledHandler };
    return within(FunctionName.GuestDataRetention, () => handler({}, lambdaContext(FunctionName.GuestDataRetention, 5 * 60_000)));
  }
  const timers: NodeJS.Timeout[] = [];
  /** Runs `job` now and then every `intervalMs`, as a schedule would; 0 turns it off. */
  async function schedule(name: string, job: () => Promise<unknown>, intervalMs: number): Promise<void> {
    if (intervalMs <= 0) return;
    const run = () => job().catch((error: unknown) => console.error(`${name} failed`, error));
    await run();
    timers.push(setInterval(() => void run(), intervalMs));
  }
  await schedule('sweep', sweep, options.sweepIntervalMs ?? 30_000);
  await schedule('guest data retention', eraseDueGuestData, options.retentionIntervalMs ?? 24 * 3_600_000);

  if (options.endpointsFile !== undefined) {
    mkdirSync(dirname(options.endpointsFile), { recursive: true });
    const endpoints = {
      dynamodb: dynamoEndpoint,
      sqs: sqsServer.address,
      queueUrl: queue.queueUrl,
      dlqUrl: dlq.queueUrl,
      tableName: config.tableName,
      pid: process.pid,
    };
    writeFileSync(options.endpointsFile, JSON.stringify(endpoints, null, 2));
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    queueUrl: queue.queueUrl,
    dlqUrl: dlq.queueUrl,
    sweep,
    eraseDueGuestData,
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      if (options.endpointsFile !== undefined) rmSync(options.endpointsFile, { force: true });
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await Promise.allSettled(loops);
      await closeEmulators();
    },
  };
}
