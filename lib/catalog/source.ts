/**
 * Where the handlers read the catalog: the file named by CATALOG_FILE (the local stack), or the items
 * `ops catalog load` wrote to DynamoDB (AWS), cached for a minute per warm Lambda.
 */
import { fileURLToPath } from 'node:url';
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../config/config.js';
import { dynamo } from '../store/client.js';
import { Keys } from '../store/table.js';
import { type CatalogEntry, type CatalogIndex, readCatalogFile } from './catalog.js';

/** The example catalog kept with the project: the local default. */
export const EXAMPLE_CATALOG_FILE = fileURLToPath(new URL('./catalog.example.json', import.meta.url));

const TTL_MS = 60_000;
let fileCatalog: Promise<CatalogIndex> | undefined;
const tableCache = new Map<string, { at: number; entry: CatalogEntry | undefined }>();

/** The room type with this `spu_ext_id` and its hotel, or undefined when the catalog lacks it. */
export async function findRoomType(spuExtId: string): Promise<CatalogEntry | undefined> {
  const file = getConfig().catalogFile;
  if (file !== undefined) {
    fileCatalog ??= readCatalogFile(file);
    return (await fileCatalog).find(spuExtId);
  }
  const cached = tableCache.get(spuExtId);
  if (cached !== undefined && Date.now() - cached.at < TTL_MS) return cached.entry;
  const { Item } = await dynamo().send(new GetCommand({ TableName: getConfig().tableName, Key: Keys.catalogRoomType(spuExtId) }));
  const entry = Item === undefined ? undefined : (Item.entry as CatalogEntry);
  tableCache.set(spuExtId, { at: Date.now(), entry });
  return entry;
}

/** The hotels of the catalog (for reconciliation), from the file or the table. */
export async function catalogEntries(): Promise<CatalogEntry[]> {
  const file = getConfig().catalogFile;
  if (file !== undefined) {
    fileCatalog ??= readCatalogFile(file);
    return (await fileCatalog).entries();
  }
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: getConfig().tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'CATALOG' },
    }),
  );
  return (Items ?? []).map((item) => item.entry as CatalogEntry);
}

/** Writes a validated catalog into the table, one item per room type (`ops catalog load`). */
export async function writeCatalogToTable(index: CatalogIndex): Promise<number> {
  const entries = index.entries();
  for (let start = 0; start < entries.length; start += 25) {
    const chunk = entries.slice(start, start + 25);
    await dynamo().send(
      new BatchWriteCommand({
        RequestItems: {
          [getConfig().tableName]: chunk.map((entry) => ({
            PutRequest: { Item: { ...Keys.catalogRoomType(entry.roomType.spuExtId), entry } },
          })),
        },
      }),
    );
  }
  return entries.length;
}

/** Forgets cached catalogs (tests, local restarts). */
export function resetCatalog(): void {
  fileCatalog = undefined;
  tableCache.clear();
}
