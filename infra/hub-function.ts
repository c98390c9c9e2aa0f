/**
 * The one construct every Channel Hub Lambda is made with: it fixes the defaults (Node.js 22 on arm64, an
 * ESM bundle by the local esbuild, source maps, a log group with retention) and offers bind helpers that
 * set the environment variable and the least-privilege grant together.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, ParamsAndSecretsLayerVersion, ParamsAndSecretsVersions, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { SECRET_TIMEOUT_MS, SECRET_TTL_MS } from '../lib/config/secrets.js';
import type { FunctionName } from '../lib/http/routes.js';
import { BUNDLE } from './bundle-options.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

import type { QueueAction, TableAction } from '../lib/channels/descriptor.js';
/** The environment variable that carries each secret's ARN. */
export type SecretEnv = 'DOUYIN_SECRET_ARN' | 'AX_SECRET_ARN' | 'PARTNER_SECRET_ARN' | 'RATE_KEY_SECRET_ARN';

export interface HubFunctionProps {
  functionName: FunctionName;
  description: string;
  timeout: Duration;
  memorySize?: number;
  environment?: Record<string, string>;
  /** Reads secrets: gets the AWS Parameters and Secrets extension layer, which `bindSecret` requires. */
  readsSecrets?: boolean;
}

export class HubFunction extends Construct {
  readonly fn: NodejsFunction;
  private readonly readsSecrets: boolean;

  constructor(scope: Construct, id: string, props: HubFunctionProps) {
    super(scope, id);
    this.readsSecrets = props.readsSecrets === true;
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${projectRoot}functions/${props.functionName}.ts`,
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      // Active tracing: an X-Ray trace per invocation, its init and its duration, with no library bundled.
      tracing: Tracing.ACTIVE,
      logGroup,
      ...(this.readsSecrets
        ? {
            paramsAndSecrets: ParamsAndSecretsLayerVersion.fromVersion(ParamsAndSecretsVersions.V1_0_103, {
              secretsManagerTtl: Duration.millis(SECRET_TTL_MS),
              // Answer (with an error) before the function stops waiting for it.
              secretsManagerTimeout: Duration.millis(SECRET_TIMEOUT_MS - 1_000),
            }),
          }
        : {}),
      // Logs and metrics name the service "channel-hub" in code (the alarms match on it); the function
      // name is on every log line already.
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE.target,
        minify: BUNDLE.minify,
        sourceMap: true,
        mainFields: [...BUNDLE.mainFields],
        // Bundle the AWS SDK too (CDK leaves @aws-sdk/* to the runtime by default): the function then runs
        // the SDK version it was tested with, and the bundle is the one benchmark b measures.
        externalModules: [],
        banner: BUNDLE.banner,
        forceDockerBundling: false,
      },
    });
    NagSuppressions.addResourceSuppressions(
      this.fn,
      [
        { id: 'AwsSolutions-IAM4', reason: 'AWSLambdaBasicExecutionRole only allows writing this function’s own logs.' },
        { id: 'AwsSolutions-L1', reason: 'SPEC §1 fixes the runtime at nodejs22.x, the major the code is tested on.' },
        {
          id: 'AwsSolutions-IAM5',
          reason: 'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }

  /** Grants exactly these item actions on the table (and on the named indexes for Query), and sets TABLE_NAME. */
  bindTable(table: ITable, actions: TableAction[], indexes: string[] = []): this {
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    const resources = [table.tableArn];
    if (actions.includes('Query')) resources.push(...indexes.map((index) => `${table.tableArn}/index/${index}`));
    this.fn.addToRolePolicy(new PolicyStatement({ actions: actions.map((action) => `dynamodb:${action}`), resources }));
    return this;
  }

  /** Grants these queue actions and sets the queue's URL in `envName`. */
  bindQueue(queue: IQueue, actions: QueueAction[], envName: 'QUEUE_URL' | 'DLQ_URL'): this {
    this.fn.addEnvironment(envName, queue.queueUrl);
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions: actions.map((action) => `sqs:${action}`), resources: [queue.queueArn] }),
    );
    return this;
  }

  /** Grants reading one secret and sets its ARN in `envName` (read through the extension, then cached). */
  bindSecret(secret: ISecret, envName: SecretEnv): this {
    if (!this.readsSecrets) throw new Error(`${this.node.path}: made without readsSecrets, it has no secrets extension`);
    this.fn.addEnvironment(envName, secret.secretArn);
    secret.grantRead(this.fn);
    return this;
  }
}
