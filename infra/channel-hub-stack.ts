/** The one Channel Hub stack (SPEC §8): HTTP API, Lambdas, table, queues, schedule, secrets and alarms. */

import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, type Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AccountRecovery, CfnUserPoolGroup, UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { Group } from '../lib/admin/auth.js';
import type { SecretName } from '../lib/channels/descriptor.js';
import { CHANNEL_FUNCTIONS, CHANNELS } from '../lib/channels/registry.js';
import { ANSWER_WITHIN_MS } from '../lib/http/answer-budget.js';
import { ADMIN_FUNCTIONS, FunctionName, ROUTES } from '../lib/http/routes.js';
import { Counter } from '../lib/observability/names.js';
import { TableLayout } from '../lib/store/dynamodb/table.js';
import { ConsoleSite } from './console-site.js';
import { HubDashboard } from './dashboard.js';
import { HubFunction, type SecretEnv } from './hub-function.js';
import { hubMetric } from './metrics.js';

export interface ChannelHubStackProps extends StackProps {
  /** MAX_ATTEMPTS: the queue's maxReceiveCount and the worker's give-up point. */
  maxAttempts?: number;
  retryBaseSeconds?: number;
  axPollSeconds?: number;
  /** The worker's maximum concurrency: protects Douyin's and AX's rate limits. */
  workerConcurrency?: number;
  /** API throttling (requests per second and burst). */
  throttle?: { rateLimit: number; burstLimit: number };
  /** Douyin 商户ID for the goodlife order query; reconciliation needs it. */
  douyinAccountId?: string;
  /** DOUYIN_ORDER_SYNC: owe Douyin an order sync on every state change. */
  orderSync?: boolean;
  /** PII_RETENTION_DAYS: guest data is erased this many days after check-out. */
  piiRetentionDays?: number;
  /** AX_DEDUPLICATES: AX makes one order per channel_order_id, so a create whose answer was lost is sent again. */
  axDeduplicates?: boolean;
  /**
   * Douyin's calendar-room settings for what is not public (SPEC §11), by environment name, e.g.
   * `{ DOUYIN_HOTEL_CANCEL_AUDIT: 'manual' }`: every function gets them, so 联调 changes a deploy, not code.
   */
  douyinHotel?: Partial<Record<DouyinHotelSetting, string>>;
}

/** The calendar room's open points, each a setting (docs/channels/douyin-hotel.md). */
export const DOUYIN_HOTEL_SETTINGS = [
  'DOUYIN_HOTEL_CREATE_MODE',
  'DOUYIN_HOTEL_PAY_CONFIRM_INFO',
  'DOUYIN_HOTEL_TIMERANGE_END',
  'DOUYIN_HOTEL_CAN_BUY_ARI',
  'DOUYIN_HOTEL_CANCEL_AUDIT',
  'DOUYIN_HOTEL_PULL_ENVELOPE',
  'DOUYIN_HOTEL_PHONE',
  'DOUYIN_HOTEL_HOURLY_TIME',
] as const;
type DouyinHotelSetting = (typeof DOUYIN_HOTEL_SETTINGS)[number];

const WORKER_TIMEOUT = Duration.seconds(60);

/**
 * Each function's AWS SDK budget (SPEC §9): the inbound functions answer within 3 s, so a hung call is cut
 * at 1 s and tried three times at most; the worker and the scheduled runs have a minute or more.
 */
const ANSWERING = { AWS_REQUEST_TIMEOUT_MS: '1000', AWS_MAX_ATTEMPTS: '3', AWS_RETRY_BASE_MS: '50' };
const BACKGROUND = { AWS_REQUEST_TIMEOUT_MS: '3000', AWS_MAX_ATTEMPTS: '5', AWS_RETRY_BASE_MS: '200' };

export class ChannelHubStack extends Stack {
  readonly table: Table;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly api: HttpApi;
  readonly functions: Record<FunctionName, HubFunction>;
  readonly userPool: UserPool;

  constructor(scope: Construct, id: string, props: ChannelHubStackProps = {}) {
    super(scope, id, props);
    const maxAttempts = props.maxAttempts ?? 12;

    this.table = new Table(this, 'Table', {
      partitionKey: { name: TableLayout.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TableLayout.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TableLayout.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TableLayout.byOrderExtId.indexName,
      partitionKey: { name: TableLayout.byOrderExtId.partitionKey, type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TableLayout.byDue.indexName,
      partitionKey: { name: TableLayout.byDue.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TableLayout.byDue.sortKey, type: AttributeType.NUMBER },
      projectionType: ProjectionType.KEYS_ONLY,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TableLayout.byGuestData.indexName,
      partitionKey: { name: TableLayout.byGuestData.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TableLayout.byGuestData.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });
    // The console's order list shows each order from the index alone: one Query a page, no read per order.
    this.table.addGlobalSecondaryIndex({
      indexName: TableLayout.byArrival.indexName,
      partitionKey: { name: TableLayout.byArrival.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TableLayout.byArrival.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'WorkQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's guidance: at least six times the function timeout, so a batch in flight is not redelivered.
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: maxAttempts },
    });

    // Each secret starts as its shape with every value empty, which the code reads as unset: it authenticates
    // nobody and is never sent (SPEC §2, fail closed) until the operator fills it. No generated value: a
    // generated key in the partner's secret would be a user with a password nobody chose.
    const secret = (id: string, description: string, template: Record<string, string>) => {
      const created = new Secret(this, id, {
        description,
        secretStringValue: SecretValue.unsafePlainText(JSON.stringify(template)),
      });
      NagSuppressions.addResourceSuppressions(created, [
        {
          id: 'AwsSolutions-SMG4',
          reason: 'Partner-issued credentials: they rotate when the partner reissues them, not on a schedule of ours.',
        },
      ]);
      return created;
    };
    const douyinSecret = secret('DouyinSecret', 'Douyin client key and secret: {"clientKey","clientSecret"}', {
      clientKey: '',
      clientSecret: '',
    });
    const axSecret = secret('AxSecret', 'AX Cloud API key: {"apiKey"}', { apiKey: '' });
    const partnerSecret = secret('PartnerSecret', 'Partner passwords by user: {"<user>":"<password>"}', {});
    // Nobody needs to know the RateKey's secret: it is generated, never empty. Rotate it by moving the value to
    // "previous" and putting a new "secret": keys signed with either verify while the partner's quotes age out.
    const rateKeySecret = new Secret(this, 'RateKeySecret', {
      description: 'Signs the partner RateKeys: {"secret","previous"}',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'secret',
        excludePunctuation: true,
        passwordLength: 48,
      },
    });
    NagSuppressions.addResourceSuppressions(rateKeySecret, [
      { id: 'AwsSolutions-SMG4', reason: 'Rotated by hand with an overlap ("previous"), so no quote in flight is refused.' },
    ]);

    const settings = {
      MAX_ATTEMPTS: String(maxAttempts),
      RETRY_BASE_SECONDS: String(props.retryBaseSeconds ?? 30),
      AX_POLL_SECONDS: String(props.axPollSeconds ?? 60),
      DOUYIN_ORDER_SYNC: props.orderSync === true ? 'on' : 'off',
      AX_DEDUPLICATES: props.axDeduplicates === true ? 'on' : 'off',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // The calendar room's ARI push names the merchant account; its SPIs read the open points' settings.
      ...(props.douyinAccountId === undefined ? {} : { DOUYIN_ACCOUNT_ID: props.douyinAccountId }),
      ...props.douyinHotel,
    };
    /** An inbound function by default: it answers a partner within ANSWER_WITHIN_MS; a longer timeout is a background one. */
    const make = (
      name: FunctionName,
      description: string,
      { timeout = Duration.millis(ANSWER_WITHIN_MS), readsSecrets = true }: { timeout?: Duration; readsSecrets?: boolean } = {},
    ) =>
      new HubFunction(this, name, {
        functionName: name,
        description,
        timeout,
        environment: { ...settings, ...(timeout.toMilliseconds() <= ANSWER_WITHIN_MS ? ANSWERING : BACKGROUND) },
        readsSecrets,
      });

    const secrets: Record<SecretName, { secret: ISecret; env: SecretEnv }> = {
      douyin: { secret: douyinSecret, env: 'DOUYIN_SECRET_ARN' },
      partner: { secret: partnerSecret, env: 'PARTNER_SECRET_ARN' },
      rateKey: { secret: rateKeySecret, env: 'RATE_KEY_SECRET_ARN' },
      ax: { secret: axSecret, env: 'AX_SECRET_ARN' },
    };
    const bindSecrets = (hub: HubFunction, names: readonly SecretName[]) => {
      for (const name of names) hub.bindSecret(secrets[name].secret, secrets[name].env);
      return hub;
    };
    // Each channel's inbound functions, with the grants and secrets its descriptor names (lib/<channel>/channel.ts).
    const inbound = Object.fromEntries(
      CHANNEL_FUNCTIONS.map((spec) => {
        const hub = make(spec.name, spec.description).bindTable(
          this.table,
          [...spec.table],
          spec.readsOrderIndex === true ? [TableLayout.byOrderExtId.indexName] : [],
        );
        if (spec.sendsWork === true) hub.bindQueue(this.queue, ['SendMessage'], 'QUEUE_URL');
        return [spec.name, bindSecrets(hub, spec.secrets)];
      }),
    );
    // The console's users (SPEC §10): created by an admin (no self sign-up), in three groups, signing in with a
    // password through an app client without a secret; the admin API's routes sit behind its JWT authorizer.
    this.userPool = new UserPool(this, 'ConsoleUsers', {
      userPoolName: 'channel-hub-console',
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      accountRecovery: AccountRecovery.NONE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const consoleClient = this.userPool.addClient('Console', {
      authFlows: { userPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
    });
    for (const group of Object.values(Group)) {
      new CfnUserPoolGroup(this, `Group${group}`, { userPoolId: this.userPool.userPoolId, groupName: group });
    }
    NagSuppressions.addResourceSuppressions(this.userPool, [
      { id: 'AwsSolutions-COG2', reason: 'Hotel staff sign in with a password; an admin may require MFA per user.' },
      { id: 'AwsSolutions-COG3', reason: 'Cognito threat protection is a paid plan the supplier may turn on.' },
    ]);
    const admin = Object.fromEntries(
      ADMIN_FUNCTIONS.map((spec) => {
        // A change of a year of nights takes seconds: the admin API answers within API Gateway's 30 s.
        const hub = make(spec.functionName, spec.description, {
          timeout: Duration.millis(spec.timeoutMs ?? ANSWER_WITHIN_MS),
          readsSecrets: false,
        });
        if (spec.table.length > 0) hub.bindTable(this.table, [...spec.table], [...(spec.indexes ?? [])]);
        if (spec.queue !== undefined) hub.bindQueue(this.queue, [...spec.queue], 'QUEUE_URL');
        if (spec.dlq !== undefined) hub.bindQueue(this.deadLetterQueue, [...spec.dlq], 'DLQ_URL');
        hub.fn.addEnvironment('ADMIN_USER_POOL_ID', this.userPool.userPoolId);
        hub.fn.addEnvironment('ADMIN_CLIENT_ID', consoleClient.userPoolClientId);
        return [spec.functionName, hub];
      }),
    );
    const authorizer = new HttpJwtAuthorizer('ConsoleAuthorizer', this.userPool.userPoolProviderUrl, {
      jwtAudience: [consoleClient.userPoolClientId],
    });

    const worker = make(FunctionName.SyncWorker, 'Worker: confirmation to Douyin, orders in AX Cloud', {
      timeout: WORKER_TIMEOUT,
    })
      .bindTable(this.table, ['GetItem', 'PutItem', 'UpdateItem'])
      .bindQueue(this.queue, ['SendMessage', 'ChangeMessageVisibility'], 'QUEUE_URL')
      .bindQueue(this.deadLetterQueue, ['SendMessage'], 'DLQ_URL');
    // The worker calls every channel that is owed work, and AX.
    bindSecrets(worker, [...new Set([...CHANNELS.flatMap((channel) => channel.outboundSecrets), 'ax' as const])]);
    const sweeper = make(FunctionName.Sweeper, 'Sweeper: re-enqueues owed work that is due', {
      timeout: Duration.seconds(60),
      readsSecrets: false,
    })
      .bindTable(this.table, ['GetItem', 'PutItem', 'Query'], [TableLayout.byDue.indexName])
      .bindQueue(this.queue, ['SendMessage'], 'QUEUE_URL');
    const reconciler = make(FunctionName.Reconciler, 'Reconciliation: Douyin orders against the store', {
      timeout: Duration.minutes(5),
    })
      .bindTable(this.table, ['GetItem', 'PutItem', 'UpdateItem', 'Query'])
      .bindSecret(douyinSecret, 'DOUYIN_SECRET_ARN');
    const retention = make(FunctionName.GuestDataRetention, 'Privacy: erases guest data PII_RETENTION_DAYS after check-out', {
      timeout: Duration.minutes(5),
      readsSecrets: false,
    })
      // Query: the guest-data index, and each order's history on the table itself.
      .bindTable(this.table, ['GetItem', 'PutItem', 'Query'], [TableLayout.byGuestData.indexName]);
    retention.fn.addEnvironment('PII_RETENTION_DAYS', String(props.piiRetentionDays ?? 180));
    this.functions = {
      ...inbound,
      ...admin,
      [FunctionName.SyncWorker]: worker,
      [FunctionName.Sweeper]: sweeper,
      [FunctionName.Reconciler]: reconciler,
      [FunctionName.GuestDataRetention]: retention,
    };

    worker.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        maxConcurrency: props.workerConcurrency ?? 5,
      }),
    );
    new Rule(this, 'SweepSchedule', {
      description: 'Re-enqueue owed work that is due but not in flight',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(sweeper.fn, { retryAttempts: 0 })],
    });

    new Rule(this, 'GuestDataRetentionSchedule', {
      description: 'Erase guest data PII_RETENTION_DAYS after check-out',
      schedule: Schedule.rate(Duration.days(1)),
      targets: [new LambdaFunction(retention.fn, { retryAttempts: 1 })],
    });

    new Rule(this, 'ReconcileSchedule', {
      description: 'Compare Douyin orders of the last window with the store',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(reconciler.fn, { retryAttempts: 1 })],
    });

    this.api = new HttpApi(this, 'Api', { apiName: 'channel-hub', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
    for (const route of ROUTES) {
      const integration = new HttpLambdaIntegration(
        `${route.functionName}${route.path}`,
        this.functionNamed(route.functionName).fn,
      );
      // HTTP APIs refuse route keys ending in "/"; the greedy child route serves Douyin's trailing-slash form.
      for (const path of [route.path, `${route.path}/{proxy+}`]) {
        this.api.addRoutes({
          path,
          methods: [HttpMethod[route.method]],
          integration,
          ...(route.authorized === true ? { authorizer } : {}),
        });
      }
    }
    NagSuppressions.addResourceSuppressions(
      this.api,
      [
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'Partners cannot send AWS credentials: each function verifies the partner’s own signature; the admin routes have the JWT authorizer, /console/config.json names the pool to anyone.',
        },
      ],
      true,
    );

    this.alarms(worker, stage, this.api);
    new HubDashboard(this, 'Dashboard', {
      functions: this.functions,
      queue: this.queue,
      deadLetterQueue: this.deadLetterQueue,
      api: this.api,
    });

    const site = new ConsoleSite(this, 'Console', {
      api: this.api,
      userPoolId: this.userPool.userPoolId,
      clientId: consoleClient.userPoolClientId,
    });
    new CfnOutput(this, 'ConsoleUrl', { value: `https://${site.distribution.distributionDomainName}/console/` });
    new CfnOutput(this, 'ApiUrl', {
      value: this.api.apiEndpoint,
      description: 'Base URL for Douyin’s SPI settings and the partner',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'ConsoleUserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: consoleClient.userPoolClientId });
    new CfnOutput(this, 'QueueUrl', { value: this.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'ReconcilerFunctionName', {
      value: reconciler.fn.functionName,
      description: 'ops reconcile invokes it with the window (lambda:InvokeFunction)',
    });
    new CfnOutput(this, 'DouyinSecretArn', { value: douyinSecret.secretArn });
    new CfnOutput(this, 'AxSecretArn', { value: axSecret.secretArn });
    new CfnOutput(this, 'PartnerSecretArn', { value: partnerSecret.secretArn });
  }

  /** The function of this name; a name the stack has no function for is a mistake in the registry. */
  functionNamed(name: FunctionName): HubFunction {
    const hub = this.functions[name];
    if (hub === undefined) throw new Error(`the stack has no function ${name}`);
    return hub;
  }

  private alarms(worker: HubFunction, stage: HttpStage, api: HttpApi): void {
    const topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Channel Hub alarms',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    const notify = new SnsAction(topic);
    const alarm = (id: string, metric: Metric, description: string) =>
      new Alarm(this, id, {
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(notify);
    alarm(
      'DeadLetterAlarm',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      'Work gave up and is in the DLQ: npm run ops -- failed, then retry or redrive',
    );
    alarm('WorkerErrorAlarm', worker.fn.metricErrors({ period: Duration.minutes(5) }), 'The sync worker threw');
    alarm('FailedWorkAlarm', hubMetric(Counter.Failed, { period: Duration.minutes(5) }), 'Outbound work was marked failed');
    alarm(
      'InDoubtAlarm',
      hubMetric(Counter.InDoubt, { period: Duration.minutes(5) }),
      'An AX create may have happened without its answer: npm run ops -- failed, look up its channel_order_id in AX, then link-ax or recreate-ax',
    );
    alarm(
      'CredentialUnsetAlarm',
      hubMetric(Counter.CredentialUnset, { period: Duration.minutes(5) }),
      'A credential was needed and is unset (a new stack’s empty secret): fill it with aws secretsmanager put-secret-value',
    );
    alarm(
      'DriftAlarm',
      hubMetric(Counter.DriftFound, { period: Duration.hours(1) }),
      'Reconciliation found orders that differ from Douyin: see the stored REPORT#reconcile items',
    );
    alarm(
      'Api5xxAlarm',
      api.metricServerError({
        period: Duration.minutes(5),
        statistic: 'Sum',
        dimensionsMap: { ApiId: api.apiId, Stage: stage.stageName },
      }),
      'The HTTP API answered 5xx',
    );
  }
}
