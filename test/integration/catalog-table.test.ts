import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCatalog as writeCatalogToTable } from '../../lib/app/catalog.js';
import { EXAMPLE_CATALOG_FILE, readCatalogFile } from '../../lib/catalog/catalog.js';
import { getConfig } from '../../lib/config/config.js';
import { dynamo, resetDynamo } from '../../lib/store/dynamodb/client.js';
import { Keys } from '../../lib/store/dynamodb/table.js';
import { stores } from '../../lib/store/stores.js';
import { type Harness, startHarness } from './harness.js';

let harness: Harness;
let proxy: Server;
let emulator: string;
/** How many more BatchWriteItem calls the proxy cuts short. */
let shortWrites = 0;
let batchWrites = 0;

/**
 * Stands in front of the embedded DynamoDB and, while `shortWrites` lasts, lets a BatchWriteItem store only
 * its first request and answers the rest as UnprocessedItems, as DynamoDB does when throttled.
 */
function startProxy(): Promise<string> {
  proxy = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      let body = Buffer.concat(chunks).toString();
      let unprocessed: Record<string, unknown[]> | undefined;
      // Only the catalog's own batches: a load also keeps the allotments it changes in the ARI history.
      if (request.headers['x-amz-target'] === 'DynamoDB_20120810.BatchWriteItem' && body.includes('"CATALOG"')) {
        batchWrites++;
        if (shortWrites > 0) {
          shortWrites--;
          const { RequestItems } = JSON.parse(body) as { RequestItems: Record<string, unknown[]> };
          const [table, requests] = Object.entries(RequestItems)[0] as [string, unknown[]];
          if (requests.length > 1) unprocessed = { [table]: requests.slice(1) };
          body = JSON.stringify({ RequestItems: { [table]: requests.slice(0, 1) } });
        }
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
      ) as Record<string, string>;
      const forwarded = await fetch(`${emulator}${request.url}`, { method: request.method, headers, body });
      const answer = (await forwarded.json()) as Record<string, unknown>;
      if (unprocessed !== undefined) answer.UnprocessedItems = unprocessed;
      response.writeHead(forwarded.status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(answer));
    });
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  harness = await startHarness({ worker: false, sweepIntervalMs: 0 });
  emulator = process.env.AWS_ENDPOINT_URL_DYNAMODB as string;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = await startProxy();
  resetDynamo();
});
afterAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = emulator;
  resetDynamo();
  await new Promise((resolve) => proxy.close(resolve));
  await harness.stop();
});

describe('loading the catalog into the table', () => {
  it('sends back what DynamoDB leaves unprocessed until every room type is stored', async () => {
    const index = await readCatalogFile(EXAMPLE_CATALOG_FILE);
    const expected = index.entries().map((entry) => entry.roomType.spuExtId);
    expect(expected.length).toBeGreaterThan(1);
    // The stack stored the catalog at its start; start from an empty one.
    for (const spuExtId of expected) {
      await dynamo().send(new DeleteCommand({ TableName: getConfig().tableName, Key: Keys.catalogRoomType(spuExtId) }));
    }
    expect(await stores().catalog.entries()).toEqual([]);
    shortWrites = expected.length - 1;
    batchWrites = 0;

    expect(await writeCatalogToTable(index)).toEqual({ written: expected.length, removed: 0, belowHeld: [] });

    expect(shortWrites).toBe(0);
    expect(batchWrites).toBe(expected.length);
    expect((await stores().catalog.entries()).map((entry) => entry.roomType.spuExtId).sort()).toEqual([...expected].sort());
  });
});
