/**
 * On-call without surprises (SPEC §7): every ops command ends on its own against a partner that keeps
 * failing, uses the running stack's own settings, and answers in one line, never a stack trace.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig, resetConfig } from '../../lib/config/config.js';
import { sqs } from '../../lib/queue/work-queue.js';
import { commitBody, douyinPost, type Harness, ops, opsDataDir, queueIdle, startHarness, waitFor } from './harness.js';

const POI = '7010000000000000001';
const data = opsDataDir('on-call');
let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ endpointsFile: data.endpointsFile, env: { DOUYIN_ACCOUNT_ID: 'acct-local' } });
  // Only now: the stack itself keeps its data in memory; ops finds it through the endpoints file here.
  process.env.DATA_DIR = data.dir;
});
afterAll(async () => {
  await harness.stop();
  data.remove();
});

async function dlqDepth(): Promise<number> {
  const { Attributes } = await sqs().send(
    new GetQueueAttributesCommand({ QueueUrl: harness.stack.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

describe('on call', () => {
  it('redrives only what the DLQ held when it started, and ends, while AX keeps refusing', async () => {
    // Prepare: AX refuses every create (403, permanent), so three orders' work fails straight to the DLQ.
    harness.ax.failNext('create', ...Array.from({ length: 100 }, () => ({ httpStatus: 403, body: { detail: 'denied' } })));
    const bodies = [1, 2, 3].map(() => commitBody({ status: 1, spu_ext_id: 'RT-STD-KING' }));
    for (const body of bodies) await douyinPost(harness.stack, 'commit', body);
    await waitFor(async () => (await dlqDepth()) === 3 || undefined, 15_000, 'three failed pieces of work in the DLQ');
    const calls = () => harness.ax.callsOf('create');
    const before = calls();

    // Act
    const started = Date.now();
    const redriven = await ops('redrive');

    // Assess: it ended, moved the three, and each got exactly one more try (no loop) before failing back.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(redriven).toEqual({ code: 0, out: expect.any(String) });
    expect(redriven.out).toMatch(/moved 3 \(the DLQ held 3 when redrive started\)/);
    await waitFor(async () => (await dlqDepth()) === 3 || undefined, 15_000, 'the work to fail back');
    await queueIdle(harness.stack);
    expect(calls() - before).toBe(3);
    expect((await ops('redrive')).out).toMatch(/moved 3 \(the DLQ held 3/);
    harness.ax.clearFaults();
  });

  it('reconciles against the running local stack with its own settings, its fake Douyin included', async () => {
    // The ops process is told nothing but where the stack is: its Douyin URL and account come from the stack.
    const saved = { url: process.env.DOUYIN_BASE_URL, account: process.env.DOUYIN_ACCOUNT_ID };
    process.env.DOUYIN_BASE_URL = 'http://127.0.0.1:9';
    delete process.env.DOUYIN_ACCOUNT_ID;
    resetConfig();
    harness.douyin.bookings = [
      { book_id: '7999999999999999990', status: 1, book_time: Math.floor(Date.now() / 1000) - 3_600, poi_id: POI },
    ];
    try {
      const result = await ops('reconcile');
      expect(result).toMatchObject({ code: 0 });
      expect(result.out).toContain('drift: Douyin has 7999999999999999990 (status 1) and we do not');
      expect(harness.douyin.queryCalls.at(-1)).toMatchObject({ account_id: 'acct-local', poi_id: POI });
    } finally {
      Object.assign(process.env, { DOUYIN_BASE_URL: saved.url, DOUYIN_ACCOUNT_ID: saved.account });
      resetConfig();
    }
  });

  it('reconciles a deployed stack by invoking its reconciler Lambda with the window', async () => {
    // Prepare: CloudFormation and Lambda stand-ins on loopback, in their own wire forms.
    const invocations: { path: string; body: string }[] = [];
    const report = {
      from: '2026-11-24T00:00:00.000Z',
      to: '2026-11-25T00:00:00.000Z',
      at: 'x',
      pois: [POI],
      checked: 2,
      unmapped: [],
      drift: [{ kind: 'missing', orderId: '42', poiId: POI, douyinStatus: 1 }],
    };
    const lambda = await serve((path, body) => {
      invocations.push({ path, body });
      return {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' },
        body: JSON.stringify(report),
      };
    });
    const cloudFormation = await serve(() => ({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: stackXml('ChannelHub-reconciler'),
    }));
    Object.assign(process.env, { AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.url, AWS_ENDPOINT_URL_LAMBDA: lambda.url });
    try {
      const result = await ops('--stack', 'ChannelHub', 'reconcile', '--from', report.from, '--to', report.to);

      expect(result).toEqual({
        code: 0,
        out: [
          `reconciled 2 Douyin orders of POIs ${POI} from ${report.from} to ${report.to}`,
          'drift: Douyin has 42 (status 1) and we do not',
          '1 drifted',
        ].join('\n'),
      });
      expect(invocations[0]?.path).toBe('/2015-03-31/functions/ChannelHub-reconciler/invocations');
      expect(JSON.parse(invocations[0]?.body ?? '{}')).toEqual({ from: report.from, to: report.to });
    } finally {
      delete process.env.AWS_ENDPOINT_URL_CLOUDFORMATION;
      delete process.env.AWS_ENDPOINT_URL_LAMBDA;
      lambda.server.close();
      cloudFormation.server.close();
    }
  });

  it('answers a fault that is not the operator’s in one line, without a stack trace', async () => {
    const result = await runOpsWithout(['show', '7000000000000000000']);
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/^error: \w+: .+ \(OPS_DEBUG=1 for the stack trace\)$/);
    expect(result.out).not.toContain('    at ');
  });
});

/** runOps against a stack whose endpoints file points somewhere that does not answer. */
async function runOpsWithout(args: string[]) {
  const file = data.endpointsFile;
  const kept = readFileSync(file, 'utf8');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(kept), dynamodb: 'http://127.0.0.1:9' }));
  try {
    return await ops(...args);
  } finally {
    writeFileSync(file, kept);
  }
}

function stackXml(reconciler: string): string {
  const output = (key: string, value: string) =>
    `<member><OutputKey>${key}</OutputKey><OutputValue>${value}</OutputValue></member>`;
  return `<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>ChannelHub</StackName><StackId>arn:aws:cloudformation:us-east-1:1:stack/ChannelHub/1</StackId><CreationTime>2026-11-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>${output('TableName', getConfig().tableName)}${output('QueueUrl', harness.stack.queueUrl)}${output('DeadLetterQueueUrl', harness.stack.dlqUrl)}${output('ReconcilerFunctionName', reconciler)}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`;
}

async function serve(answer: (path: string, body: string) => { status: number; headers: Record<string, string>; body: string }) {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += String(chunk)));
    request.on('end', () => {
      const reply = answer(request.url ?? '', body);
      response.writeHead(reply.status, reply.headers).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
