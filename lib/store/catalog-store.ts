/**
 * Where the handlers read the catalog: the room types stored in the table, cached for a minute per warm
 * Lambda. `ops catalog load` writes them on AWS and the local stack writes CATALOG_FILE at its start, so
 * the handlers have one path in both places and never carry the catalog file's parser and schema.
 */
import { BatchWriteCommand, GetCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { CatalogEntry, CatalogIndex } from '../catalog/catalog.js';
import { getConfig } from '../config/config.js';
import { ChannelHubError } from '../errors.js';
import { retry } from '../retry.js';
import { dynamo } from './client.js';
import { type AllotmentChange, seedAllotment } from './inventory-store.js';
import { CATALOG_PARTITION, Keys } from './table.js';

const TTL_MS = 60_000;
const tableCache = new Map<string, { at: number; entry: CatalogEntry | undefined }>();

/** The room type with this `spu_ext_id` and its hotel, or undefined when the catalog lacks it. */
export async function findRoomType(spuExtId: string): Promise<CatalogEntry | undefined> {
  const cached = tableCache.get(spuExtId);
  if (cached !== undefined && Date.now() - cached.at < TTL_MS) return cached.entry;
  const { Item } = await dynamo().send(new GetCommand({ TableName: getConfig().tableName, Key: Keys.catalogRoomType(spuExtId) }));
  const entry = Item === undefined ? undefined : (Item.entry as CatalogEntry);
  tableCache.set(spuExtId, { at: Date.now(), entry });
  return entry;
}

/** Every stored catalog item, page by page (a catalog can outgrow one 1 MB Query page). */
async function* catalogItems(projection?: string): AsyncGenerator<Record<string, unknown>> {
  let ExclusiveStartKey: QueryCommandOutput['LastEvaluatedKey'];
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: getConfig().tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CATALOG_PARTITION },
        ...(projection === undefined ? {} : { ProjectionExpression: projection }),
        ExclusiveStartKey,
      }),
    );
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey !== undefined);
}

/** Every room type of the stored catalog with its hotel (for reconciliation). */
export async function catalogEntries(): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  for await (const item of catalogItems()) entries.push(item.entry as CatalogEntry);
  return entries;
}

type WriteRequest = NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string][number];

const BATCH_LIMIT = 25;
const BATCH_ATTEMPTS = 8;

/** One BatchWrite of at most 25 requests, sending back what DynamoDB left unprocessed until none is left. */
async function writeBatch(requests: WriteRequest[]): Promise<void> {
  const tableName = getConfig().tableName;
  let pending = requests;
  await retry(
    async () => {
      const { UnprocessedItems } = await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = UnprocessedItems?.[tableName] ?? [];
      return pending.length === 0
        ? { done: true, value: undefined }
        : { done: false, reason: `DynamoDB left ${pending.length} writes unprocessed` };
    },
    {
      attempts: BATCH_ATTEMPTS,
      baseMs: 100,
      capMs: 2_000,
      exhausted: (reason) => new ChannelHubError(`catalog load: ${reason}`),
    },
  );
}

/**
 * Makes the stored catalog this one: writes every room type and deletes the ones it no longer has, and seeds
 * each managed room type's allotment, keeping its holds. Readers may see a mix of the two catalogs while it runs.
 * @returns the counts, and the nights whose new allotment is below what they already hold.
 */
export async function writeCatalogToTable(
  index: CatalogIndex,
): Promise<{ written: number; removed: number; belowHeld: (AllotmentChange & { spuExtId: string })[] }> {
  const items = index.entries().map((entry) => ({ ...Keys.catalogRoomType(entry.roomType.spuExtId), entry }));
  const kept = new Set(items.map((item) => item.sk));
  const stale: WriteRequest[] = [];
  for await (const { pk, sk } of catalogItems('pk, sk')) {
    if (!kept.has(sk as string)) stale.push({ DeleteRequest: { Key: { pk, sk } } });
  }
  const requests: WriteRequest[] = [...items.map((Item) => ({ PutRequest: { Item } })), ...stale];
  for (let start = 0; start < requests.length; start += BATCH_LIMIT) {
    await writeBatch(requests.slice(start, start + BATCH_LIMIT));
  }
  tableCache.clear();
  const belowHeld: (AllotmentChange & { spuExtId: string })[] = [];
  for (const { roomType } of index.entries()) {
    if (roomType.inventory === undefined) continue;
    for (const change of await seedAllotment(roomType.spuExtId, roomType.inventory))
      belowHeld.push({ ...change, spuExtId: roomType.spuExtId });
  }
  return { written: items.length, removed: stale.length, belowHeld };
}

/** Forgets cached room types (tests, local restarts). */
export function resetCatalog(): void {
  tableCache.clear();
}
