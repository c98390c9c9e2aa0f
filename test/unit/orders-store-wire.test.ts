/**
 * The order store against DynamoDB's own wire form: a loopback stub that answers a conditional PutItem as
 * DynamoDB does (HTTP 400, ConditionalCheckFailedException, the stored item in attribute-value form when
 * ReturnValuesOnConditionCheckFailure asks for it). No emulator in between can be more forgiving.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetConfig } from '../../lib/config/config.js';
import { openOrder } from '../../lib/orders/state-machine.js';
import { resetDynamo } from '../../lib/store/client.js';
import { createOrder } from '../../lib/store/orders-store.js';
import { booking, priced } from '../fixtures/orders.js';

type AttributeMap = Record<string, unknown>;

/** What the stub holds and what it was asked, by X-Amz-Target operation. */
const stub = { stored: new Map<string, AttributeMap>(), calls: [] as string[], returnItem: true, conflicts: 0 };
let server: Server;

/** A conditional put on `attribute_not_exists(pk)`, answered as DynamoDB answers it. */
function answer(
  operation: string,
  request: { Item?: AttributeMap; ReturnValuesOnConditionCheckFailure?: string; TransactItems?: unknown[] },
) {
  if (operation === 'TransactWriteItems' && request.TransactItems !== undefined) {
    // Another transaction on the same nights: DynamoDB cancels this one, naming the conflict.
    if (stub.conflicts > 0) {
      stub.conflicts -= 1;
      return {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
          CancellationReasons: [
            { Code: 'None' },
            { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
          ],
        },
      };
    }
    return { status: 200, body: {} };
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
        .writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'stub' })
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

const guest = booking({ customerName: '张三', customerPhone: '138****8000', customerList: [{ cn_name: '张三' }] });
const opened = (orderId: string, orderExtId: string, now: number) =>
  openOrder({ orderId, orderExtId, booking: guest, fingerprint: 'f', paid: true, entry: priced, now }).order;

describe('createOrder on DynamoDB’s wire form', () => {
  it('answers a duplicate with the stored order from the failure itself, with no read', async () => {
    // Prepare: the first commit is stored.
    const first = opened('7000000000000000001', 'HUBFIRST', 1_800_000_000_000);
    expect(await createOrder(first)).toEqual({ created: true, order: first });

    // Act: a duplicate, which would mint another order_ext_id, loses the conditional put.
    const result = await createOrder(opened('7000000000000000001', 'HUBSECOND', 1_800_000_000_500));

    // Assess: the stored order comes back as a plain order (unmarshalled), and nothing was read.
    expect(result).toEqual({ created: false, existing: first });
    expect(stub.calls).toEqual(['PutItem', 'PutItem']);
  });

  it('tries a commit that holds rooms again when another transaction on its nights conflicts', async () => {
    stub.conflicts = 2;
    const managed = openOrder({
      orderId: '7000000000000000009',
      orderExtId: 'HUBHOLDS',
      booking: booking({ spuExtId: 'RT-FAM-SUITE', checkIn: '20261224', checkOut: '20261225' }),
      fingerprint: 'f',
      paid: false,
      entry: { ...priced, roomType: { ...priced.roomType, spuExtId: 'RT-FAM-SUITE', inventory: { default: 8 } } },
      now: 1_800_000_000_000,
    }).order;

    expect(await createOrder(managed, { default: 8 })).toEqual({ created: true, order: managed });
    expect(stub.calls).toEqual(['TransactWriteItems', 'TransactWriteItems', 'TransactWriteItems']);
  });

  it('reads the order when the failure carries no item', async () => {
    stub.returnItem = false;
    const duplicate = opened('7000000000000000001', 'HUBTHIRD', 1_800_000_001_000);

    // The stub knows no GetItem: the read is attempted, and its failure surfaces rather than a wrong answer.
    await expect(createOrder(duplicate)).rejects.toThrow();
    expect(stub.calls.slice(0, 2)).toEqual(['PutItem', 'GetItem']);
  });
});
