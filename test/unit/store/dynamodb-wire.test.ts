/**
 * The DynamoDB stores against DynamoDB's own wire form: a loopback stub that answers a conditional write as
 * DynamoDB does (HTTP 400, ConditionalCheckFailedException, the stored item in attribute-value form when
 * ReturnValuesOnConditionCheckFailure asks for it). No emulator in between can be more forgiving.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetConfig } from '../../../lib/config/config.js';
import { resetDynamo } from '../../../lib/store/dynamodb/client.js';
import { dynamoNights } from '../../../lib/store/dynamodb/nights.js';
import { dynamoOrders } from '../../../lib/store/dynamodb/orders.js';
import { night } from '../../../local/calendar.js';
import { anOrder } from '../../fixtures/orders.js';

type AttributeMap = Record<string, unknown>;

/** What the stub holds and what it was asked, by X-Amz-Target operation. */
const stub = { stored: new Map<string, AttributeMap>(), calls: [] as string[], returnItem: true };
let server: Server;

/** A conditional put on `attribute_not_exists(pk)`, answered as DynamoDB answers it. */
function answer(operation: string, request: { Item?: AttributeMap; ReturnValuesOnConditionCheckFailure?: string }) {
  if (operation === 'UpdateItem') {
    // A night whose holders already name the order: the hold's condition fails, with the stored night.
    return {
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
        Item: {
          pk: { S: 'INV#RT-FAM-SUITE' },
          sk: { S: `NIGHT#${night(23)}` },
          available: { N: '0' },
          holders: { SS: ['douyin#7000000000000000009'] },
        },
      },
    };
  }
  if (operation !== 'PutItem' || request.Item === undefined) return { status: 400, body: { __type: 'UnknownOperation' } };
  const key = JSON.stringify(request.Item.pk);
  const existing = stub.stored.get(key);
  if (existing === undefined) {
    stub.stored.set(key, request.Item);
    return { status: 200, body: {} };
  }
  return {
    status: 400,
    body: {
      __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
      message: 'The conditional request failed',
      ...(stub.returnItem && request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? { Item: existing } : {}),
    },
  };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const operation = String(request.headers['x-amz-target']).split('.')[1] ?? '';
      stub.calls.push(operation);
      const { status, body } = answer(operation, JSON.parse(Buffer.concat(chunks).toString() || '{}'));
      response
        // DynamoDB's clock agrees with the caller's (faked or not): a Date far off would make the SDK correct its skew and retry.
        .writeHead(status, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': 'stub',
          date: new Date().toUTCString(),
        })
        .end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: 'stub',
    AWS_SECRET_ACCESS_KEY: 'stub',
    TABLE_NAME: 'orders-wire-stub',
  });
  resetConfig();
  resetDynamo();
});
afterAll(async () => {
  resetDynamo();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  stub.calls.length = 0;
  stub.returnItem = true;
});

const guest = { customerName: '张三', customerPhone: '138****8000', customerList: [{ cn_name: '张三' }] };
const opened = (orderId: string, orderExtId: string) =>
  anOrder({ orderId, orderExtId, booking: guest, paid: true, fingerprint: 'f' });

describe('the DynamoDB stores on DynamoDB’s wire form', () => {
  it('answers a duplicate with the stored order from the failure itself, with no read', async () => {
    // Prepare: the first commit is stored.
    const first = opened('7000000000000000001', 'HUBFIRST');
    expect(await dynamoOrders.create(first)).toEqual({ created: true });

    // Act: a duplicate, which would mint another order_ext_id, loses the conditional put.
    const result = await dynamoOrders.create(opened('7000000000000000001', 'HUBSECOND'));

    // Assess: the stored order comes back as a plain order (unmarshalled), and nothing was read.
    expect(result).toEqual({ created: false, existing: first });
    expect(stub.calls).toEqual(['PutItem', 'PutItem']);
  });

  it('counts a night as held when its failed hold names the order among the holders (a retry after a lost answer)', async () => {
    expect(await dynamoNights.hold('RT-FAM-SUITE', night(23), 1, 'douyin#7000000000000000009', 8)).toBe(true);
    expect(await dynamoNights.hold('RT-FAM-SUITE', night(23), 1, 'douyin#7000000000000000010', 8)).toBe(false);
    expect(stub.calls).toEqual(['UpdateItem', 'UpdateItem']);
  });

  it('reads the order when the failure carries no item', async () => {
    stub.returnItem = false;
    const duplicate = opened('7000000000000000001', 'HUBTHIRD');

    // The stub knows no GetItem: the read is attempted, and its failure surfaces rather than a wrong answer.
    await expect(dynamoOrders.create(duplicate)).rejects.toThrow();
    expect(stub.calls.slice(0, 2)).toEqual(['PutItem', 'GetItem']);
  });
});
