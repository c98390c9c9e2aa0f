/**
 * The catalog's room types in DynamoDB, one item each in the catalog partition, cached for a minute per warm
 * Lambda. `ops catalog load` writes them on AWS and the local stack writes CATALOG_FILE at its start, so the
 * handlers have one path in both places and never carry the catalog file's parser and schema.
 */
import { BatchWriteCommand, GetCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CatalogEntry } from '../../catalog/catalog.js';
import { getConfig } from '../../config/config.js';
import { ChannelHubError } from '../../errors.js';
import { retry } from '../../retry.js';
import type { CatalogStore } from '../ports.js';
import { dynamo } from './client.js';
import { CATALOG_PARTITION, Keys } from './table.js';

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; entry: CatalogEntry | undefined }>();
let all: { at: number; entries: Promise<CatalogEntry[]> } | undefined;

async function roomType(spuExtId: string): Promise<CatalogEntry | undefined> {
  const cached = cache.get(spuExtId);
  if (cached !== undefined && Date.now() - cached.at < TTL_MS) return cached.entry;
  const { Item } = await dynamo().send(new GetCommand({ TableName: getConfig().tableName, Key: Keys.catalogRoomType(spuExtId) }));
  const entry = Item === undefined ? undefined : entryOf(Item);
  cache.set(spuExtId, { at: Date.now(), entry });
  return entry;
}

/** Every stored catalog item, page by page (a catalog can outgrow one 1 MB Query page). */
async function* catalogItems(projection?: string): AsyncGenerator<Record<string, unknown>> {
  const pages = paginateQuery(
    { client: dynamo() },
    {
      TableName: getConfig().tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': CATALOG_PARTITION },
      ...(projection === undefined ? {} : { ProjectionExpression: projection }),
    },
  );
  for await (const page of pages) yield* page.Items ?? [];
}

async function readEntries(): Promise<CatalogEntry[]> {
  const found: CatalogEntry[] = [];
  for await (const item of catalogItems()) found.push(entryOf(item));
  return found;
}

/** Every room type, cached for a minute as each one is (the partner's quotes list a hotel's). */
function entries(): Promise<CatalogEntry[]> {
  if (all !== undefined && Date.now() - all.at < TTL_MS) return all.entries;
  const read = readEntries();
  all = { at: Date.now(), entries: read };
  read.catch(() => {
    if (all?.entries === read) all = undefined;
  });
  return read;
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

/** A markup set since the load is an attribute of the room type's item: `markup@<plan>@<channel>`. */
const MARKUP = 'markup@';

/** The stored entry with the markups set since the load. */
function entryOf(item: Record<string, unknown>): CatalogEntry {
  const markups: Record<string, Record<string, number>> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!name.startsWith(MARKUP)) continue;
    const [plan = '', channel = ''] = name.slice(MARKUP.length).split('@');
    markups[plan] = { ...markups[plan], [channel]: Number(value) };
  }
  const entry = item.entry as CatalogEntry;
  return Object.keys(markups).length === 0 ? entry : { ...entry, markups };
}

/** Readers may see a mix of the two catalogs while it runs. */
async function replaceAll(
  next: CatalogEntry[],
  options: { resetMarkups?: boolean } = {},
): Promise<{ written: number; removed: number }> {
  const kept = new Set(next.map((entry) => Keys.catalogRoomType(entry.roomType.spuExtId).sk));
  const stale: WriteRequest[] = [];
  const markupsOf = new Map<string, Record<string, unknown>>();
  for await (const item of catalogItems()) {
    const { pk, sk } = item;
    if (!kept.has(sk as string)) stale.push({ DeleteRequest: { Key: { pk, sk } } });
    if (options.resetMarkups !== true) {
      markupsOf.set(sk as string, Object.fromEntries(Object.entries(item).filter(([name]) => name.startsWith(MARKUP))));
    }
  }
  const items = next.map((entry) => {
    const key = Keys.catalogRoomType(entry.roomType.spuExtId);
    return { ...markupsOf.get(key.sk), ...key, entry: { hotel: entry.hotel, roomType: entry.roomType } };
  });
  const requests: WriteRequest[] = [...items.map((Item) => ({ PutRequest: { Item } })), ...stale];
  for (let start = 0; start < requests.length; start += BATCH_LIMIT) await writeBatch(requests.slice(start, start + BATCH_LIMIT));
  forget();
  return { written: items.length, removed: stale.length };
}

function forget(): void {
  cache.clear();
  all = undefined;
}

async function setMarkup(spuExtId: string, plan: string, channel: string, percent: number | null): Promise<number | undefined> {
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: getConfig().tableName,
      Key: Keys.catalogRoomType(spuExtId),
      UpdateExpression: percent === null ? 'REMOVE #markup' : 'SET #markup = :percent',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#markup': `${MARKUP}${plan}@${channel}` },
      ...(percent === null ? {} : { ExpressionAttributeValues: { ':percent': percent } }),
      ReturnValues: 'UPDATED_OLD',
    }),
  );
  forget();
  const before = Attributes?.[`${MARKUP}${plan}@${channel}`];
  return before === undefined ? undefined : Number(before);
}

/** The catalog store on the table. */
export const dynamoCatalog: CatalogStore = { roomType, entries, replaceAll, forget, setMarkup };
