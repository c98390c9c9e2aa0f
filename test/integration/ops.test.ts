import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../lib/config/config.js';
import { sqs } from '../../lib/queue/work-queue.js';
import { dynamo } from '../../lib/store/dynamodb/client.js';
import { testCatalog } from '../../local/calendar.js';
import { douyinOrder as getOrder } from '../../local/orders.js';
import { commitBody, douyinPost, type Harness, ops, opsDataDir, startHarness, waitFor } from './harness.js';

let harness: Harness;
const data = opsDataDir('ops');
const { dir } = data;

beforeAll(async () => {
  harness = await startHarness({ endpointsFile: data.endpointsFile });
  // Only now: the stack itself keeps its data in memory; ops finds it through the endpoints file here.
  process.env.DATA_DIR = data.dir;
});
afterAll(async () => {
  await harness.stop();
  data.remove();
});

async function failedOrder(faults: () => void, overrides: Record<string, unknown> = {}) {
  faults();
  const body = commitBody({ status: 1, customer_name: '王小明', customer_phone: '13912345678', ...overrides });
  const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);
  await waitFor(
    async () => ((await getOrder(body.order_id))?.attempts.some((attempt) => attempt.outcome === 'failed') ? true : undefined),
    10_000,
    'failed work',
  );
  return { body, orderExtId: order_ext_id as string };
}

describe('npm run ops', () => {
  it('finds failed work, shows the whole story without personal data, retries it and redrives the DLQ', async () => {
    const { body, orderExtId } = await failedOrder(() =>
      harness.douyin.failNext('status', { body: { data: { error_code: 2100005, description: 'Parameter error' } } }),
    );

    const listed = await ops('failed');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(
      `${orderExtId} douyin ${body.order_id} douyin.order-status after 1 attempts: error_code 2100005 Parameter error`,
    );

    const shown = await ops('show', body.order_id);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(`order ${body.order_id} (order_ext_id ${orderExtId})`);
    expect(shown.out).toContain('douyin.order-status');
    expect(shown.out).toMatch(/failed\s+attempts 1/);
    expect(shown.out).toContain('commit → 0 success');
    expect(shown.out).toContain('guest 王** 139****5678');
    expect(shown.out).not.toContain('王小明');
    expect(shown.out).not.toContain('13912345678');

    const retried = await ops('retry', orderExtId);
    expect(retried.out).toBe(`retrying douyin.order-status of ${orderExtId}`);
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 10_000, 'delivery after retry');
    expect((await ops('failed')).out).not.toContain(orderExtId);

    const redriven = await ops('redrive');
    expect(redriven.out).toContain(`redrove douyin.order-status of ${body.order_id}`);
    expect((await ops('redrive')).out).toBe('the DLQ is empty');
  });

  it('redrives failed work from the DLQ so it is delivered', async () => {
    const { body } = await failedOrder(() => harness.douyin.failNext('status', { body: { data: { error_code: 2119001 } } }));
    await waitFor(async () => (await ops('redrive')).out.includes(body.order_id) || undefined, 10_000, 'DLQ message');
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 10_000, 'delivery after redrive');
  });

  it('links an AX order made elsewhere and confirms through it', async () => {
    const { body, orderExtId } = await failedOrder(
      () => harness.ax.failNext('create', { httpStatus: 403, body: { detail: 'denied' } }),
      {
        spu_ext_id: 'RT-STD-KING',
      },
    );
    harness.ax.decision = 'Supplier confirm';
    harness.ax.orders.set('AX-MANUAL-1', { axOrderCode: 'AX-MANUAL-1', channelOrderId: orderExtId, status: 'New', body: {} });

    const linked = await ops('link-ax', orderExtId, 'AX-MANUAL-1');

    expect(linked.out).toBe(`linked AX order AX-MANUAL-1 to ${orderExtId}`);
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 10_000, 'confirmation through the linked AX order');
    expect((await getOrder(body.order_id))?.axOrderCodes).toEqual(['AX-MANUAL-1']);
  });

  it('loads a valid catalog and refuses a broken one, naming the entry', async () => {
    const good = join(dir, 'catalog.json');
    writeFileSync(good, JSON.stringify(testCatalog()));
    expect(await ops('catalog', 'load', good)).toEqual({ code: 0, out: `loaded 3 room types from ${good}` });

    const broken = join(dir, 'broken.json');
    const copy = testCatalog() as { hotels: { roomTypes: { maxOccupancy: unknown }[] }[] };
    (copy.hotels[0]?.roomTypes[1] as { maxOccupancy: unknown }).maxOccupancy = 0;
    writeFileSync(broken, JSON.stringify(copy));
    const refused = await ops('catalog', 'load', broken);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('hotels[0] (SUP-SEL-001).roomTypes[1] (RT-STD-KING).maxOccupancy');
  });

  it('makes the loaded catalog the whole catalog: a room type it leaves out is gone', async () => {
    const smaller = testCatalog() as { hotels: { roomTypes: unknown[] }[] };
    smaller.hotels[0]?.roomTypes.splice(1, 1);
    const file = join(dir, 'smaller.json');
    writeFileSync(file, JSON.stringify(smaller));
    try {
      expect(await ops('catalog', 'load', file)).toEqual({
        code: 0,
        out: `loaded 2 room types from ${file}, and removed 1 it no longer has`,
      });
      const kept = await douyinPost(harness.stack, 'commit', commitBody());
      const dropped = await douyinPost(harness.stack, 'commit', commitBody({ spu_ext_id: 'RT-STD-KING' }));

      expect(kept.error_code).toBe(0);
      expect(dropped.error_code).toBe(40402);
    } finally {
      const restored = join(dir, 'example.json');
      writeFileSync(restored, JSON.stringify(testCatalog()));
      expect((await ops('catalog', 'load', restored)).out).toBe(`loaded 3 room types from ${restored}`);
    }
  });

  it('lists the requests that matched no order', async () => {
    const reply = await douyinPost(harness.stack, 'cancel', {
      supplier_ext_id: 'SUP-SEL-001',
      order_id: '7123456789',
      order_ext_id: 'HUBNOPE',
      order_status: 1,
    });
    expect(reply.error_code).toBe(40401);

    const listed = await ops('unmatched');

    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/cancel → 40401 order_id: no order 7123456789 \(order_id 7123456789\) request /);
    expect((await ops('unmatched', '2001-01-01')).out).toBe('no unmatched requests on 2001-01-01');
    expect((await ops('unmatched', 'yesterday')).out).toContain('error: expected a day as yyyy-mm-dd');
  });

  it('puts an order written before the arrival index into it, once, so the list and failed work find it', async () => {
    const { body, orderExtId } = await failedOrder(() => harness.douyin.failNext('status', { httpStatus: 400 }));
    // As a release before the index wrote it: the same item without its index keys.
    const key = { pk: `ORDER#douyin#${body.order_id}`, sk: 'ORDER' };
    const { Item } = await dynamo().send(new GetCommand({ TableName: getConfig().tableName, Key: key }));
    const { arrivalShard: _shard, arrival: _arrival, ...old } = Item ?? {};
    await dynamo().send(new PutCommand({ TableName: getConfig().tableName, Item: old }));
    expect((await ops('failed')).out).not.toContain(orderExtId);

    expect((await ops('reindex')).out).toMatch(/^put 1 of 1 orders into the arrival index$/);
    expect((await ops('failed')).out).toContain(orderExtId);
    expect((await ops('reindex')).out).toBe('every order is in the arrival index');
  });

  it('drops a DLQ message that names no order, saying so', async () => {
    await sqs().send(new SendMessageCommand({ QueueUrl: harness.stack.dlqUrl, MessageBody: 'not json' }));
    expect((await ops('redrive')).out).toContain('dropped a DLQ message that names no order: not json');
  });

  it('reads a deployed stack through its CloudFormation outputs, and names a stack that does not exist', async () => {
    // Prepare: a CloudFormation stand-in on loopback (AWS Query protocol) whose outputs name this stack's table and queues.
    const calls: string[] = [];
    const cloudFormation = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += String(chunk)));
      request.on('end', () => {
        calls.push(body);
        const name = new URLSearchParams(body).get('StackName');
        if (name !== 'ChannelHub') {
          response
            .writeHead(400, { 'content-type': 'text/xml' })
            .end(
              `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${name} does not exist</Message></Error><RequestId>1</RequestId></ErrorResponse>`,
            );
          return;
        }
        const output = (key: string, value: string) =>
          `<member><OutputKey>${key}</OutputKey><OutputValue>${value}</OutputValue></member>`;
        response
          .writeHead(200, { 'content-type': 'text/xml' })
          .end(
            `<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>ChannelHub</StackName><StackId>arn:aws:cloudformation:us-east-1:1:stack/ChannelHub/1</StackId><CreationTime>2026-11-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>${output('TableName', getConfig().tableName)}${output('QueueUrl', harness.stack.queueUrl)}${output('DeadLetterQueueUrl', harness.stack.dlqUrl)}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`,
          );
      });
    });
    await new Promise<void>((resolve) => cloudFormation.listen(0, '127.0.0.1', resolve));
    process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = `http://127.0.0.1:${(cloudFormation.address() as AddressInfo).port}`;
    try {
      // Act
      const deployed = await ops('--stack', 'ChannelHub', 'failed');
      const missing = await ops('--stack', 'Nope', 'failed');

      // Assess
      expect(deployed.code).toBe(0);
      expect(calls[0]).toContain('Action=DescribeStacks');
      expect(missing).toEqual({ code: 1, out: 'error: cannot read stack Nope: Stack with id Nope does not exist' });
    } finally {
      delete process.env.AWS_ENDPOINT_URL_CLOUDFORMATION;
      cloudFormation.close();
    }
  });

  it.each([
    [['show', 'NO-SUCH-ORDER'], 'error: no order with order_ext_id, order_id or TaoBaoOrderId NO-SUCH-ORDER'],
    [['show'], 'error: expected 1 argument, got 0'],
    [['link-ax', 'x'], 'error: expected 2 arguments, got 1'],
    [['catalog', 'unload', 'x'], 'error: expected: catalog load <file>'],
    [['frobnicate'], 'unknown command frobnicate'],
  ])('answers %j with a clear error and exit code 1', async (args, message) => {
    const result = await ops(...args);
    expect(result.code).toBe(1);
    expect(result.out).toContain(message);
  });
});
