import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChannelHubStack } from '../../infra/channel-hub-stack.js';
import { SECRET_TIMEOUT_MS, SECRET_TTL_MS } from '../../lib/config/secrets.js';
import { ADMIN_FUNCTIONS, FUNCTION_NAMES, FunctionName, ROUTES } from '../../lib/http/routes.js';

let stack: ChannelHubStack;
let template: Template;

beforeAll(() => {
  // Bundling is exercised by `cdk synth` in CI; here it is skipped to keep the assertions fast.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new ChannelHubStack(app, 'Test', { maxAttempts: 12 });
  Aspects.of(app).add(new AwsSolutionsChecks());
  template = Template.fromStack(stack);
});

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const TRACING = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const isTracing = (statement: Statement) => JSON.stringify([statement.Action].flat().sort()) === JSON.stringify(TRACING);

/** Every IAM statement attached to a function's role, by function name (with `tracing`, X-Ray's own too). */
function statementsOf(name: FunctionName, { tracing = false } = {}): Statement[] {
  const roleId = stack.getLogicalId(stack.functionNamed(name).fn.role?.node.defaultChild as never);
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values(policies)
    .flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
    )
    .filter((statement) => tracing || !isTracing(statement));
}

function actionsOf(name: FunctionName): string[] {
  return statementsOf(name)
    .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]))
    .sort();
}

describe('Channel Hub stack', () => {
  it('has no unsuppressed cdk-nag AwsSolutions error or warning', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((error) => `${error.id}: ${error.entry.data}`)).toEqual([]);
    expect(warnings.map((warning) => `${warning.id}: ${warning.entry.data}`)).toEqual([]);
  });

  it('makes every function Node.js 22 on arm64 with source maps and a log group kept one month', () => {
    const all = template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
    // Ours, that is: CDK's bucket deployment brings its own (Python) Lambda for the console's upload.
    const functions = Object.fromEntries(Object.entries(all).filter(([id]) => !id.startsWith('CustomCDKBucketDeployment')));
    expect(Object.keys(functions)).toHaveLength(FUNCTION_NAMES.length);
    for (const fn of Object.values(functions) as { Properties: Record<string, unknown> }[]) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Environment: { Variables: expect.objectContaining({ NODE_OPTIONS: '--enable-source-maps' }) },
        LoggingConfig: { LogGroup: expect.anything() },
      });
    }
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, FUNCTION_NAMES.length);
  });

  it('has a dashboard showing each route and partner: received, refused, delivered, retried, failed, latency, queues, drift, out of stock', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as {
      Properties: { DashboardBody: unknown };
    }[];
    expect(dashboards).toHaveLength(1);
    // The body is JSON joined with CloudFormation references: put a placeholder for each and read the widgets.
    const joined = dashboards[0]?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] } | undefined;
    const parts = joined?.['Fn::Join'][1] ?? [];
    const body = JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'REF')).join('')) as {
      widgets: { properties: { metrics?: unknown[][] } }[];
    };
    /** Each graphed metric as "Namespace Name dim=value …", its dimensions sorted. */
    const shown = body.widgets
      .flatMap((widget) => widget.properties.metrics ?? [])
      .map((line) => {
        const [namespace, name, ...rest] = line.filter((part): part is string => typeof part === 'string');
        const pairs = Array.from({ length: rest.length / 2 }, (_, index) => `${rest[2 * index]}=${rest[2 * index + 1]}`).sort();
        return [namespace, name, ...pairs].join(' ');
      });
    const metric = (name: string, ...dimensions: string[]) =>
      expect(shown).toContain(['ChannelHub', name, ...['service=channel-hub', ...dimensions].sort()].join(' '));
    for (const route of [
      'commit',
      'status',
      'cancel',
      'sku',
      'hotelRooms',
      'roomAvailability',
      'createOrder',
      'cancelOrder',
      'searchOrder',
      'work-queue',
    ]) {
      metric('Received', `route=${route}`);
      metric('Rejected', `route=${route}`);
    }
    for (const workType of ['douyin.order-status', 'douyin.order-sync', 'ax.create-order', 'ax.poll-order', 'ax.cancel-order']) {
      for (const name of ['Delivered', 'Retried', 'Failed']) metric(name, `workType=${workType}`);
    }
    for (const name of ['DriftFound', 'OutOfStock', 'CredentialUnset', 'GuestDataErased']) metric(name);
    expect(shown.filter((line) => line.startsWith('AWS/Lambda Duration FunctionName='))).toHaveLength(2 * FUNCTION_NAMES.length);
    expect(shown.filter((line) => line.startsWith('AWS/SQS ApproximateNumberOfMessagesVisible'))).toHaveLength(2);
  });

  it('traces every function (Lambda active tracing), granting only X-Ray’s own actions, which take no resource', () => {
    for (const name of FUNCTION_NAMES) {
      const fnId = stack.getLogicalId(stack.functionNamed(name).fn.node.defaultChild as never);
      expect(template.toJSON().Resources[fnId].Properties.TracingConfig).toEqual({ Mode: 'Active' });
      const tracing = statementsOf(name, { tracing: true }).filter(isTracing);
      expect(tracing.map((statement) => ({ ...statement, Action: [statement.Action].flat().sort() }))).toEqual([
        { Action: TRACING, Effect: 'Allow', Resource: '*' },
      ]);
    }
  });

  it('gives every function that reads a secret the Parameters and Secrets extension, caching as long as the code', () => {
    const { Resources, Mappings } = template.toJSON();
    // The stack is region-agnostic: the layer's ARN comes from a per-region mapping, arm64 throughout.
    const [mapName, byRegion] = Object.entries(Mappings as Record<string, Record<string, Record<string, string>>>).find(
      ([name]) => name.startsWith('Paramsandsecretslayer'),
    ) ?? [undefined, {}];
    const arns = Object.values(byRegion).flatMap((versions) => Object.values(versions));
    expect(arns.length).toBeGreaterThan(10);
    for (const arn of arns) expect(arn).toMatch(/:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:\d+$/);
    for (const name of FUNCTION_NAMES) {
      const fn = Resources[stack.getLogicalId(stack.functionNamed(name).fn.node.defaultChild as never)];
      const reads = actionsOf(name).includes('secretsmanager:GetSecretValue');
      const hasLayer = JSON.stringify(fn.Properties.Layers ?? []).includes(`"${mapName}"`);
      expect({ name, hasLayer }).toEqual({ name, hasLayer: reads });
      if (reads) {
        expect(fn.Properties.Environment.Variables).toMatchObject({
          SECRETS_MANAGER_TTL: String(SECRET_TTL_MS / 1000),
          SECRETS_MANAGER_TIMEOUT_MILLIS: String(SECRET_TIMEOUT_MS - 1000),
        });
      }
    }
    expect(actionsOf(FunctionName.Sweeper)).not.toContain('secretsmanager:GetSecretValue');
  });

  it('keeps orders in one on-demand table with PITR, deletion protection, TTL and its four indexes', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: 'byOrderExtId', Projection: { ProjectionType: 'KEYS_ONLY' } }),
          Match.objectLike({ IndexName: 'byDue', Projection: { ProjectionType: 'KEYS_ONLY' } }),
          Match.objectLike({ IndexName: 'byGuestData', Projection: { ProjectionType: 'KEYS_ONLY' } }),
          Match.objectLike({ IndexName: 'byArrival', Projection: { ProjectionType: 'ALL' } }),
        ],
      },
    });
  });

  it('encrypts the queue and its DLQ, redrives after MAX_ATTEMPTS and gives six worker timeouts of visibility', () => {
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 360,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 12 },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
      },
    });
  });

  it('feeds the worker batches of 10 with partial batch responses and a maximum concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('runs the sweeper every minute, reconciliation every hour and the guest data retention every day', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)', State: 'ENABLED' });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' });
    const retentionId = stack.getLogicalId(stack.functionNamed(FunctionName.GuestDataRetention).fn.node.defaultChild as never);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [retentionId, 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PII_RETENTION_DAYS: '180' }) },
    });
  });

  it('indexes the orders that still hold guest data by check-out day, keys only', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: 'byGuestData',
          KeySchema: [
            { AttributeName: 'guestShard', KeyType: 'HASH' },
            { AttributeName: 'guestCheckOut', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ]),
    });
  });

  it('routes each endpoint, in both slash forms, to its own Lambda behind a throttled, logged stage', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );
    expect(routeKeys.sort()).toEqual(
      ROUTES.flatMap((route) => [`${route.method} ${route.path}`, `${route.method} ${route.path}/{proxy+}`]).sort(),
    );
    expect(routeKeys).toContain('GET /poi/ext/hotel/sku');
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue() },
    });
  });

  it('has a user pool for the console with no self sign-up, its three groups and an app client that signs in with a password', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12 }) },
    });
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (group) => (group as { Properties: { GroupName: string } }).Properties.GroupName,
    );
    expect(groups.sort()).toEqual(['operator', 'revenue', 'viewer']);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: Match.arrayWith(['ALLOW_USER_PASSWORD_AUTH']),
      GenerateSecret: false,
    });
  });

  it('puts the JWT authorizer of that pool on every admin route, and on no other', () => {
    const [authorizerId] = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: [Match.anyValue()], Issuer: Match.anyValue() },
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as {
      Properties: { RouteKey: string; AuthorizationType?: string; AuthorizerId?: { Ref: string } };
    }[];
    for (const route of routes) {
      const admin = route.Properties.RouteKey.includes(' /admin/');
      expect([route.Properties.RouteKey, route.Properties.AuthorizationType ?? 'NONE']).toEqual([
        route.Properties.RouteKey,
        admin ? 'JWT' : 'NONE',
      ]);
      if (admin) expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    }
    expect(routes.filter((route) => route.Properties.AuthorizationType === 'JWT')).toHaveLength(
      // Each authorized route is served with and without its trailing slash.
      2 * ADMIN_FUNCTIONS.filter((fn) => fn.authorized === true).length,
    );
  });

  it('keeps partner credentials in three Secrets Manager secrets, each starting empty (unset, so it authenticates nobody)', () => {
    const all = Object.values(template.findResources('AWS::SecretsManager::Secret')) as {
      Properties: { SecretString?: string; GenerateSecretString?: { GenerateStringKey?: string } };
    }[];
    const secrets = all.filter((secret) => secret.Properties.SecretString !== undefined);
    expect(secrets).toHaveLength(3);
    expect(secrets.map((secret) => secret.Properties.GenerateSecretString)).toEqual([undefined, undefined, undefined]);
    // The fourth signs the partner's RateKeys: nobody needs its value, so it is generated and never empty.
    expect(all.filter((secret) => secret.Properties.GenerateSecretString?.GenerateStringKey === 'secret')).toHaveLength(1);
    expect(secrets.map((secret) => JSON.parse(secret.Properties.SecretString ?? 'null')).sort()).toEqual(
      expect.arrayContaining([{ clientKey: '', clientSecret: '' }, { apiKey: '' }, {}]),
    );
  });

  it('alarms on the DLQ, worker errors, failed work, AX creates in doubt, unset credentials, reconciliation drift and API 5xx', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 7);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'InDoubt', Namespace: 'ChannelHub' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CredentialUnset', Namespace: 'ChannelHub' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DriftFound', Namespace: 'ChannelHub' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Failed', Namespace: 'ChannelHub' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm')) as {
      Properties: { AlarmActions: unknown[] };
    }[]) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
    }
  });

  it('outputs the API URL, table, queues and secrets', () => {
    for (const output of [
      'ApiUrl',
      'TableName',
      'QueueUrl',
      'DeadLetterQueueUrl',
      'DouyinSecretArn',
      'AxSecretArn',
      'PartnerSecretArn',
    ]) {
      template.hasOutput(output, {});
    }
  });
});

describe('least privilege', () => {
  const sqsConsume = [
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:ReceiveMessage',
  ];
  const secretRead = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];

  it.each([
    [
      'douyin-order-commit',
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'sqs:SendMessage', ...secretRead],
    ],
    ['douyin-order-cancel', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'sqs:SendMessage', ...secretRead]],
    ['douyin-order-status', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'sqs:SendMessage', ...secretRead]],
    ['douyin-hotel-sku', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', ...secretRead]],
    ['partner-search-order', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', ...secretRead]],
    ['partner-hotel-rooms', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', ...secretRead, ...secretRead]],
    ['partner-room-availability', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', ...secretRead, ...secretRead]],
    [
      'partner-create-order',
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'sqs:SendMessage',
        ...secretRead,
        ...secretRead,
      ],
    ],
    ['partner-cancel-order', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'sqs:SendMessage', ...secretRead]],
    [
      'partner',
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'sqs:SendMessage',
        ...secretRead,
        ...secretRead,
      ],
    ],
    [FunctionName.Sweeper, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'sqs:SendMessage']],
    [FunctionName.Reconciler, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', ...secretRead]],
    [FunctionName.GuestDataRetention, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']],
    [
      FunctionName.SyncWorker,
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'sqs:ChangeMessageVisibility',
        'sqs:SendMessage',
        'sqs:SendMessage',
        ...sqsConsume,
        ...secretRead,
        ...secretRead,
      ],
    ],
    [
      'admin-ari-post',
      ['dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
    ],
    ['admin-ari-get', ['dynamodb:GetItem', 'dynamodb:Query']],
    ['admin-ari-history', ['dynamodb:GetItem', 'dynamodb:Query']],
    ['admin-openapi', []],
    ['console-config', []],
    ['admin-hotels', ['dynamodb:GetItem', 'dynamodb:Query']],
    ['admin-orders', ['dynamodb:GetItem', 'dynamodb:Query']],
    ['admin-order', ['dynamodb:GetItem', 'dynamodb:Query']],
    ['admin-work', ['dynamodb:Query', 'sqs:GetQueueAttributes']],
    ['admin-health', ['dynamodb:GetItem', 'dynamodb:Query', 'sqs:GetQueueAttributes']],
    [
      'admin-order-cancel-decision',
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'sqs:SendMessage'],
    ],
    ...['admin-work-retry', 'admin-work-recreate-ax', 'admin-work-link-ax', 'admin-order-stay'].map(
      (name) => [name, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'sqs:SendMessage']] as [string, string[]],
    ),
    [
      'admin-work-redrive',
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ],
    ],
  ])('%s may do exactly what it needs', (name, expected) => {
    expect(actionsOf(name)).toEqual([...expected].sort());
  });

  it.each(FUNCTION_NAMES.filter((name) => name !== FunctionName.Reconciler))(
    '%s has no wildcard action and cannot delete or administer the table',
    (name) => {
      for (const action of actionsOf(name)) {
        expect(action).not.toMatch(/\*/);
        expect(action).not.toMatch(/^dynamodb:(Delete|Create|Update)Table|^dynamodb:DeleteItem|^dynamodb:Scan/);
      }
      for (const statement of statementsOf(name)) expect(JSON.stringify(statement.Resource)).not.toBe('"*"');
    },
  );

  it('lets each function query only its own index, and the reconciler none', () => {
    const queryResources = (name: FunctionName) =>
      JSON.stringify(
        statementsOf(name)
          .filter((statement) => [statement.Action].flat().includes('dynamodb:Query'))
          .map((statement) => statement.Resource),
      );
    expect(queryResources('partner-search-order')).toContain('/index/byOrderExtId');
    expect(queryResources('partner-search-order')).not.toContain('byDue');
    expect(queryResources(FunctionName.Sweeper)).toContain('/index/byDue');
    expect(queryResources(FunctionName.Sweeper)).not.toContain('byOrderExtId');
    expect(queryResources(FunctionName.Reconciler)).not.toContain('/index/');
    expect(queryResources(FunctionName.GuestDataRetention)).toContain('/index/byGuestData');
    expect(queryResources(FunctionName.GuestDataRetention)).not.toMatch(/byDue|byOrderExtId/);
    for (const name of FUNCTION_NAMES.filter((fn) => fn !== FunctionName.GuestDataRetention)) {
      expect(queryResources(name)).not.toContain('byGuestData');
    }
  });

  it('gives the guest data retention no secret and no queue', () => {
    expect(actionsOf(FunctionName.GuestDataRetention).filter((action) => !action.startsWith('dynamodb:'))).toEqual([]);
  });

  it('gives the sweeper no secret and the partner endpoint only the partner secret', () => {
    expect(actionsOf(FunctionName.Sweeper).filter((action) => action.startsWith('secretsmanager:'))).toEqual([]);
    const partnerSecrets = JSON.stringify(
      statementsOf('partner-search-order').filter((statement) =>
        [statement.Action].flat().includes('secretsmanager:GetSecretValue'),
      ),
    );
    expect(partnerSecrets).toContain('PartnerSecret');
    expect(partnerSecrets).not.toMatch(/DouyinSecret|AxSecret/);
  });

  it('lets only the worker send to the dead-letter queue, only redrive take from it, and the work and health pages count it', () => {
    const dlqId = stack.getLogicalId(stack.deadLetterQueue.node.defaultChild as never);
    const onDlq = (name: FunctionName) =>
      statementsOf(name)
        .filter((statement) => JSON.stringify(statement.Resource).includes(dlqId))
        .flatMap((statement) => [statement.Action].flat())
        .sort();
    const allowed: Record<string, string[]> = {
      [FunctionName.SyncWorker]: ['sqs:SendMessage'],
      'admin-work-redrive': ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
      'admin-work': ['sqs:GetQueueAttributes'],
      'admin-health': ['sqs:GetQueueAttributes'],
    };
    for (const name of FUNCTION_NAMES) expect([name, onDlq(name)]).toEqual([name, allowed[name] ?? []]);
  });
});

describe('the calendar room’s settings on AWS', () => {
  it('gives every function DOUYIN_ACCOUNT_ID and the open points’ settings the deploy names', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const configured = new ChannelHubStack(app, 'Configured', {
      douyinAccountId: '7000000000000000001',
      douyinHotel: { DOUYIN_HOTEL_CANCEL_AUDIT: 'manual', DOUYIN_HOTEL_TIMERANGE_END: 'exclusive' },
    });
    const functions = Object.values(
      Template.fromStack(configured).findResources('AWS::Lambda::Function', {
        Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x' },
      }),
    ) as {
      Properties: { Environment: { Variables: Record<string, string> } };
    }[];
    expect(functions.length).toBe(FUNCTION_NAMES.length);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        DOUYIN_ACCOUNT_ID: '7000000000000000001',
        DOUYIN_HOTEL_CANCEL_AUDIT: 'manual',
        DOUYIN_HOTEL_TIMERANGE_END: 'exclusive',
      });
    }
  });
});
