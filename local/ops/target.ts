/**
 * Which deployment `ops` talks to: a running local stack (the endpoints file it publishes), the data of a
 * stopped one (DATA_DIR, opened here), or a deployed stack (`--stack NAME`, its CloudFormation outputs).
 */
import { CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { resetConfig } from '../../lib/config/config.js';
import { resetSqs } from '../../lib/queue/work-queue.js';
import { resetDynamo } from '../../lib/store/dynamodb/client.js';
import { OpsError } from './commands.js';
import { endpointsFile, type LocalEndpoints, readEndpoints } from './endpoints.js';

/** Points the SDK clients, and the configuration, at a running local stack: its endpoints and its settings. */
export function useLocalEndpoints(endpoints: LocalEndpoints): void {
  const moved =
    process.env.AWS_ENDPOINT_URL_DYNAMODB !== endpoints.dynamodb || process.env.AWS_ENDPOINT_URL_SQS !== endpoints.sqs;
  Object.assign(process.env, {
    ...endpoints.settings,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    TABLE_NAME: endpoints.tableName,
    QUEUE_URL: endpoints.queueUrl,
    DLQ_URL: endpoints.dlqUrl,
    OPS_TARGET: 'local',
  });
  forgetClients(moved);
}

/** The configuration, and clients made for other endpoints, are made afresh for the target. */
function forgetClients(endpointsMoved: boolean): void {
  resetConfig();
  if (!endpointsMoved) return;
  resetDynamo();
  resetSqs();
}

/** Reads the endpoints of a running local stack, or undefined when none is running. */
export function runningLocalStack(dataDir?: string): LocalEndpoints | undefined {
  return readEndpoints(endpointsFile(dataDir));
}

/** Points the SDK clients at a deployed stack through its outputs (default AWS credentials and region). */
export async function useDeployedStack(stackName: string): Promise<void> {
  const client = new CloudFormationClient({});
  let Stacks: Stack[] | undefined;
  try {
    ({ Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName })));
  } catch (error) {
    throw new OpsError(`cannot read stack ${stackName}: ${(error as Error).message}`, { cause: error });
  } finally {
    client.destroy();
  }
  const outputs = new Map((Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
  const need = (key: string) => {
    const value = outputs.get(key);
    if (value === undefined) throw new OpsError(`stack ${stackName} has no output ${key}`);
    return value;
  };
  Object.assign(process.env, {
    TABLE_NAME: need('TableName'),
    QUEUE_URL: need('QueueUrl'),
    DLQ_URL: need('DeadLetterQueueUrl'),
    // Work that needs the partners' credentials (reconcile) runs inside the stack, never here.
    OPS_TARGET: 'deployed',
    RECONCILER_FUNCTION: outputs.get('ReconcilerFunctionName') ?? '',
  });
  forgetClients(true);
}
