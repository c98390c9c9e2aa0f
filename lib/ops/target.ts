/**
 * Which deployment `ops` talks to: a running local stack (the endpoints file it publishes), the data of a
 * stopped one (DATA_DIR, opened here), or a deployed stack (`--stack NAME`, its CloudFormation outputs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { resetConfig } from '../config/config.js';
import { OpsError } from './commands.js';

export interface LocalEndpoints {
  dynamodb: string;
  sqs: string;
  queueUrl: string;
  dlqUrl: string;
  tableName: string;
  pid: number;
}

/** Where the local stack publishes its endpoints: DATA_DIR, or `.data/` in the project when in memory. */
export function endpointsFile(dataDir = process.env.DATA_DIR): string {
  return join(dataDir || '.data', 'endpoints.json');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Points the SDK clients at a running local stack's endpoints. */
export function useLocalEndpoints(endpoints: LocalEndpoints): void {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    TABLE_NAME: endpoints.tableName,
    QUEUE_URL: endpoints.queueUrl,
    DLQ_URL: endpoints.dlqUrl,
  });
  resetConfig();
}

/** Reads the endpoints of a running local stack, or undefined when none is running. */
export function runningLocalStack(dataDir?: string): LocalEndpoints | undefined {
  const file = endpointsFile(dataDir);
  if (!existsSync(file)) return undefined;
  const endpoints = JSON.parse(readFileSync(file, 'utf8')) as LocalEndpoints;
  return alive(endpoints.pid) ? endpoints : undefined;
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
  Object.assign(process.env, { TABLE_NAME: need('TableName'), QUEUE_URL: need('QueueUrl'), DLQ_URL: need('DeadLetterQueueUrl') });
  resetConfig();
}
