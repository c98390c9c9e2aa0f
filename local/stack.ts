/**
 * The local stack: the very same Lambda handlers, on DynamoDB Local and fauxqs (local/emulators.ts), behind
 * an API Gateway stand-in (local/gateway.ts), with the SQS event source's stand-in (local/sqs-poller.ts),
 * the schedules on timers, and the endpoints file that lets `npm run ops` reach it (local/ops/endpoints.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { buildConsole, consoleHeaders } from '../console/assets.js';
import { writeCatalog } from '../lib/app/catalog.js';
import { EXAMPLE_CATALOG_FILE, readCatalogFile } from '../lib/catalog/catalog.js';
import { getConfig, resetConfig, settingsOf } from '../lib/config/config.js';
import { resetTokenCache } from '../lib/douyin/token.js';
import { FunctionName } from '../lib/http/routes.js';
import { resetSqs } from '../lib/queue/work-queue.js';
import { resetDynamo } from '../lib/store/dynamodb/client.js';
import { stores, useStores } from '../lib/store/stores.js';
import { type AwsChaos, type ChaosOptions, startChaos } from './chaos/aws-chaos.js';
import { type LocalCognito, startLocalCognito } from './cognito.js';
import { ensureTable, startEmulators } from './emulators.js';
import { startGateway } from './gateway.js';
import { guestDataRetention, type ScheduledHandler, sweeper, trackInvocations, within } from './handlers.js';
import { lambdaContext } from './lambda-runtime.js';
import { removeEndpoints, writeEndpoints } from './ops/endpoints.js';
import { startPollers } from './sqs-poller.js';

export { invocation } from './handlers.js';

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
  /**
   * Put the stand-in that misbehaves as AWS does (local/chaos) in front of DynamoDB Local and fauxqs. Its
   * faults start once the stack has started (the table and catalog are written first); `setRates` changes them.
   */
  chaos?: { dynamodb?: Omit<ChaosOptions, 'service' | 'target'>; sqs?: Omit<ChaosOptions, 'service' | 'target'> };
  /** Run the console's user pool (the Cognito stand-in) with CONSOLE_USERS; default true. */
  console?: boolean;
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
  /** The console's user pool on its stand-in, and its users (absent with `console: false`). */
  cognito?: LocalCognito;
  /** The stand-ins in front of DynamoDB Local and fauxqs, when asked for (`chaos`). */
  chaos?: { dynamodb: AwsChaos; sqs: AwsChaos };
  stop(): Promise<void>;
}

/** Invokes a scheduled function as EventBridge would. */
function scheduled(functionName: FunctionName, load: () => Promise<ScheduledHandler>, timeoutMs = 60_000) {
  return async () => {
    const handler = await load();
    return within(functionName, () => handler({}, lambdaContext(functionName, timeoutMs)));
  };
}

/**
 * Starts the local stack and returns once `GET /health` would answer 200.
 * @example const stack = await startLocalStack({ port: 0, env: { DOUYIN_BASE_URL: fake.url } })
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = options.dataDir ?? options.env?.DATA_DIR ?? process.env.DATA_DIR;
  trackInvocations(options.trackInvocations === true);
  if (dataDir !== undefined && dataDir !== '') mkdirSync(dataDir, { recursive: true });
  const emulators = await startEmulators({ dataDir, dynamodbEndpoint: options.dynamodbEndpoint });
  // The stand-ins start quiet, so the table and the catalog are written whatever faults were asked for.
  const chaos =
    options.chaos === undefined
      ? undefined
      : {
          dynamodb: await startChaos({ ...options.chaos.dynamodb, rates: {}, service: 'dynamodb', target: emulators.dynamodb }),
          sqs: await startChaos({ ...options.chaos.sqs, rates: {}, service: 'sqs', target: emulators.sqs }),
        };
  /** Forgets the clients pointed at the emulators and closes both, freeing DATA_DIR for the next start. */
  const closeEmulators = async () => {
    resetDynamo();
    resetSqs();
    await chaos?.dynamodb.stop();
    await chaos?.sqs.stop();
    await emulators.close();
  };

  // The partner's RateKeys need a secret; a local stack without one makes its own (SPEC §6).
  const rateKeySecret =
    process.env.RATE_KEY_SECRET?.trim() || options.env?.RATE_KEY_SECRET || randomBytes(24).toString('base64url');
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    RATE_KEY_SECRET: rateKeySecret,
    AWS_ENDPOINT_URL_DYNAMODB: chaos?.dynamodb.url ?? emulators.dynamodb,
    AWS_ENDPOINT_URL_SQS: chaos?.sqs.url ?? emulators.sqs,
    TABLE_NAME: emulators.tableName,
    CATALOG_FILE: process.env.CATALOG_FILE ?? EXAMPLE_CATALOG_FILE,
    ...options.env,
  });
  // The console's user pool: the Cognito stand-in, its pool, client and users (SPEC §10).
  let cognito: LocalCognito | undefined;
  if (options.console !== false) {
    try {
      cognito = await startLocalCognito({
        ...(dataDir === undefined || dataDir === '' ? {} : { dataDir }),
        users: options.env?.CONSOLE_USERS ?? process.env.CONSOLE_USERS,
      });
    } catch (error) {
      await closeEmulators();
      throw error;
    }
    Object.assign(process.env, {
      ADMIN_USER_POOL_ID: cognito.userPoolId,
      ADMIN_CLIENT_ID: cognito.clientId,
      ADMIN_COGNITO_ENDPOINT: cognito.endpoint,
    });
  }
  // The local stack runs on DynamoDB Local, whatever stores a test put in before.
  useStores(undefined);
  for (const reset of [resetConfig, resetDynamo, resetSqs, resetTokenCache, () => stores().catalog.forget()]) reset();
  const queues = emulators.createQueues({
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
    maxReceiveCount: getConfig().retry.maxAttempts,
  });
  Object.assign(process.env, { QUEUE_URL: queues.queueUrl, DLQ_URL: queues.dlqUrl });
  resetConfig();
  const config = getConfig();
  // The catalog goes into the table as `ops catalog load` puts it there on AWS; a broken one stops the
  // start here, naming the entry, rather than failing the first request.
  try {
    await ensureTable(config.tableName, emulators.dynamodb);
    if (config.catalogFile !== undefined) await writeCatalog(await readCatalogFile(config.catalogFile));
  } catch (error) {
    await closeEmulators();
    throw error;
  }

  // The console is served where its user pool runs: same files and headers as CloudFront gives them on AWS.
  const site =
    cognito === undefined ? undefined : { files: buildConsole(), headers: consoleHeaders(new URL(cognito.endpoint).origin) };
  const gateway = await startGateway(options.port ?? config.port, site);
  const pollers = startPollers(queues, options.worker === false ? 0 : (options.workerConcurrency ?? 2));
  const sweep = scheduled(FunctionName.Sweeper, sweeper);
  const eraseDueGuestData = scheduled(FunctionName.GuestDataRetention, guestDataRetention, 5 * 60_000);
  const timers: NodeJS.Timeout[] = [];
  /** Runs `job` now and then every `intervalMs`, as a schedule would; 0 turns it off. */
  const schedule = async (name: string, job: () => Promise<unknown>, intervalMs: number) => {
    if (intervalMs <= 0) return;
    const run = () => job().catch((error: unknown) => console.error(`${name} failed`, error));
    await run();
    timers.push(setInterval(() => void run(), intervalMs));
  };
  await schedule('sweep', sweep, options.sweepIntervalMs ?? 30_000);
  await schedule('guest data retention', eraseDueGuestData, options.retentionIntervalMs ?? 24 * 3_600_000);

  if (chaos !== undefined) {
    chaos.dynamodb.setRates(options.chaos?.dynamodb?.rates ?? {});
    chaos.sqs.setRates(options.chaos?.sqs?.rates ?? {});
  }

  if (options.endpointsFile !== undefined) {
    writeEndpoints(options.endpointsFile, {
      dynamodb: emulators.dynamodb,
      sqs: emulators.sqs,
      queueUrl: queues.queueUrl,
      dlqUrl: queues.dlqUrl,
      tableName: config.tableName,
      pid: process.pid,
      settings: settingsOf(process.env),
    });
  }

  return {
    url: gateway.url,
    port: gateway.port,
    queueUrl: queues.queueUrl,
    dlqUrl: queues.dlqUrl,
    sweep,
    eraseDueGuestData,
    ...(chaos === undefined ? {} : { chaos }),
    ...(cognito === undefined ? {} : { cognito }),
    async stop() {
      for (const timer of timers) clearInterval(timer);
      if (options.endpointsFile !== undefined) removeEndpoints(options.endpointsFile);
      await gateway.close();
      await pollers.stop();
      await closeEmulators();
      await cognito?.stop();
    },
  };
}
