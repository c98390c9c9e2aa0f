/**
 * A room type's own allotment, per night (SPEC §5): each night is one item holding `allotment`, `held` and
 * `available` (allotment − held, kept beside them because a condition cannot subtract). A commit holds its
 * nights in the same TransactWriteItems as the order's own conditional put, and a release gives them back
 * in the same transaction as the order's change that releases them: never twice, never half.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Inventory } from '../catalog/schema.js';
import { getConfig } from '../config/config.js';
import type { InventoryHold } from '../orders/model.js';
import { dynamo, isConditionFailure } from './client.js';
import { Keys } from './table.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A night's allotment by the catalog: its own number, or the default. */
export function allotmentOf(inventory: Inventory, night: string): number {
  return inventory[night] ?? inventory.default ?? 0;
}

/**
 * The transaction's updates that hold `hold.rooms` on each night: a night not yet in the table starts at
 * the catalog's allotment; each fails its condition when fewer rooms are available.
 */
export function holdItems(hold: InventoryHold, inventory: Inventory): TransactItem[] {
  const tableName = getConfig().tableName;
  return hold.nights.map((night) => ({
    Update: {
      TableName: tableName,
      Key: Keys.night(hold.spuExtId, night),
      UpdateExpression:
        'SET allotment = if_not_exists(allotment, :allotment), held = if_not_exists(held, :zero) + :rooms, available = if_not_exists(available, :allotment) - :rooms',
      ConditionExpression: 'available >= :rooms OR (attribute_not_exists(available) AND :allotment >= :rooms)',
      ExpressionAttributeValues: { ':allotment': allotmentOf(inventory, night), ':zero': 0, ':rooms': hold.rooms },
    },
  }));
}

/** The transaction's updates that give back what `hold` held. */
export function releaseItems(hold: InventoryHold): TransactItem[] {
  const tableName = getConfig().tableName;
  return hold.nights.map((night) => ({
    Update: {
      TableName: tableName,
      Key: Keys.night(hold.spuExtId, night),
      UpdateExpression: 'SET held = held - :rooms, available = available + :rooms',
      ConditionExpression: 'held >= :rooms',
      ExpressionAttributeValues: { ':rooms': hold.rooms },
    },
  }));
}

export interface NightStock {
  night: string;
  allotment: number;
  held: number;
  available: number;
}

/** The stored nights of a room type, by night: all of them, or those from `first` to `last` (yyyyMMdd, inclusive). */
async function storedNights(spuExtId: string, range?: { first: string; last: string }): Promise<Map<string, NightStock>> {
  const nights = new Map<string, NightStock>();
  const pages = paginateQuery(
    { client: dynamo() },
    {
      TableName: getConfig().tableName,
      KeyConditionExpression: range === undefined ? 'pk = :pk' : 'pk = :pk AND sk BETWEEN :first AND :last',
      ExpressionAttributeValues: {
        ':pk': Keys.night(spuExtId, '').pk,
        ...(range === undefined ? {} : { ':first': `NIGHT#${range.first}`, ':last': `NIGHT#${range.last}` }),
      },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const night = String(item.sk).slice('NIGHT#'.length);
      nights.set(night, { night, allotment: Number(item.allotment), held: Number(item.held), available: Number(item.available) });
    }
  }
  return nights;
}

/**
 * Allotment, held and available for each night (yyyyMMdd) given: the stored night, or the catalog's
 * allotment with nothing held for a night no commit has touched yet.
 */
export async function nightStock(spuExtId: string, nights: string[], inventory: Inventory): Promise<NightStock[]> {
  const [first, last] = [nights[0], nights.at(-1)];
  if (first === undefined || last === undefined) return [];
  const stored = await storedNights(spuExtId, { first, last });
  return nights.map((night) => {
    const allotment = allotmentOf(inventory, night);
    return stored.get(night) ?? { night, allotment, held: 0, available: allotment };
  });
}

/** The rooms still available over all of `nights` (the smallest night's), never below 0. */
export async function availableOver(spuExtId: string, nights: string[], inventory: Inventory): Promise<number> {
  const stock = await nightStock(spuExtId, nights, inventory);
  return Math.max(0, Math.min(...stock.map((night) => night.available)));
}

export type AllotmentChange = { night: string; allotment: number } & (
  | { set: true }
  | { set: false; held: number; reason: string }
);

/**
 * Sets one night's allotment, keeping what is held. Below what is held only with `force` (then nothing more
 * can be held until enough is released); otherwise refused, saying so.
 */
export async function setAllotment(spuExtId: string, night: string, allotment: number, force = false): Promise<AllotmentChange> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: getConfig().tableName,
        Key: Keys.night(spuExtId, night),
        UpdateExpression:
          'SET allotment = :allotment, held = if_not_exists(held, :zero), available = :allotment - if_not_exists(held, :zero)',
        ...(force ? {} : { ConditionExpression: 'attribute_not_exists(held) OR held <= :allotment' }),
        ExpressionAttributeValues: { ':allotment': allotment, ':zero': 0 },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { night, allotment, set: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const held = Number(error.Item?.held?.N ?? 0);
    return { night, allotment, set: false, held, reason: `${held} rooms are held; --force sets it below that` };
  }
}

/**
 * Seeds a room type's allotment from the catalog without losing a hold: every night the catalog names,
 * and every night already stored, takes the catalog's number (`available` follows, held stays).
 * @returns the nights whose new allotment is below what they hold.
 */
export async function seedAllotment(spuExtId: string, inventory: Inventory): Promise<AllotmentChange[]> {
  const stored = await storedNights(spuExtId);
  const nights = new Set([...Object.keys(inventory).filter((key) => key !== 'default'), ...stored.keys()]);
  const changes: AllotmentChange[] = [];
  for (const night of [...nights].sort()) {
    changes.push(await setAllotment(spuExtId, night, allotmentOf(inventory, night), true));
  }
  return changes.filter((change) => (stored.get(change.night)?.held ?? 0) > change.allotment);
}
