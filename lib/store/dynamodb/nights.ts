/**
 * A room type's nights in DynamoDB (SPEC §5, §5b), one item per night: each rate plan's overrides that night
 * as attributes `<field>@<plan>` (`price@BAR`, `minStay@NRF`), so every plan's prices and rules come with the
 * allotment in one range query; and for a room type sold from its own allotment `allotment`, `held`,
 * `available` (allotment − held, kept beside them because a condition cannot subtract) and `holders`, the set
 * of orders that hold rooms there. A hold or a release is one
 * conditional update of one night, never a transaction: concurrent holds on a hot night are serialised by
 * DynamoDB instead of cancelling each other (TransactionConflict), and `holders` makes each one happen once.
 */
import { type AttributeValue, paginateQuery } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../../config/config.js';
import type { PlanNight } from '../../orders/index.js';
import type { AllotmentChange, NightsStore, PlanNightChange, StoredNight } from '../ports.js';
import { dynamo, dynamoClient, isConditionFailure } from './client.js';
import { Keys } from './table.js';

const tableName = () => getConfig().tableName;
const numberOrUndefined = (value: AttributeValue | undefined) => (value?.N === undefined ? undefined : Number(value.N));

async function read(spuExtId: string, range?: { first: string; last: string }): Promise<Map<string, StoredNight>> {
  const nights = new Map<string, StoredNight>();
  const { pk, sk: prefix } = Keys.night(spuExtId, '');
  // The low-level query, read attribute by attribute: every paid commit makes it, and the document
  // client's two passes over the input and the answer cost more than the five numbers it reads.
  const pages = paginateQuery(
    { client: dynamoClient() },
    {
      TableName: tableName(),
      // A hold is visible at once to whoever asks next (the partner's quote, Douyin's pull).
      ConsistentRead: true,
      KeyConditionExpression: range === undefined ? 'pk = :pk' : 'pk = :pk AND sk BETWEEN :first AND :last',
      // Every attribute: the plans' overrides are named by plan. `holders` comes too, a few bytes a room held.
      ExpressionAttributeValues: {
        ':pk': { S: pk },
        ...(range === undefined
          ? {}
          : { ':first': { S: Keys.night(spuExtId, range.first).sk }, ':last': { S: Keys.night(spuExtId, range.last).sk } }),
      },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const night = String(item.sk?.S).slice(prefix.length);
      nights.set(night, {
        night,
        allotment: numberOrUndefined(item.allotment),
        held: numberOrUndefined(item.held),
        available: numberOrUndefined(item.available),
        plans: plansFrom(item),
      });
    }
  }
  return nights;
}

/** The value of one override attribute, in the form its field has. */
function planValue(value: AttributeValue): PlanNight[keyof PlanNight] {
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.L !== undefined) return value.L.map((entry) => String(entry.S));
  return value.S;
}

/** Each plan's overrides from a night's `<field>@<plan>` attributes. */
function plansFrom(item: Record<string, AttributeValue>): Record<string, PlanNight> {
  const plans: Record<string, Record<string, unknown>> = {};
  for (const [name, value] of Object.entries(item)) {
    const at = name.indexOf('@');
    if (at <= 0) continue;
    const plan = name.slice(at + 1);
    plans[plan] ??= {};
    plans[plan][name.slice(0, at)] = planValue(value);
  }
  return plans as Record<string, PlanNight>;
}

function heldBy(item: Record<string, { SS?: string[] }> | undefined, holder: string): boolean {
  return item?.holders?.SS?.includes(holder) === true;
}

async function hold(spuExtId: string, night: string, rooms: number, holder: string, allotment: number): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: Keys.night(spuExtId, night),
        UpdateExpression:
          'SET allotment = if_not_exists(allotment, :allotment), held = if_not_exists(held, :zero) + :rooms, available = if_not_exists(available, :allotment) - :rooms ADD holders :holders',
        ConditionExpression:
          'NOT contains(holders, :holder) AND (available >= :rooms OR (attribute_not_exists(available) AND :allotment >= :rooms))',
        ExpressionAttributeValues: {
          ':allotment': allotment,
          ':zero': 0,
          ':rooms': rooms,
          ':holder': holder,
          ':holders': new Set([holder]),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // Held already (a retry after a lost answer, or a repair after a crash), or too few rooms.
    return heldBy(error.Item as Record<string, { SS?: string[] }> | undefined, holder);
  }
}

async function release(spuExtId: string, night: string, rooms: number, holder: string): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: Keys.night(spuExtId, night),
        UpdateExpression: 'SET held = held - :rooms, available = available + :rooms DELETE holders :holders',
        ConditionExpression: 'contains(holders, :holder)',
        ExpressionAttributeValues: { ':rooms': rooms, ':holder': holder, ':holders': new Set([holder]) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function setAllotment(spuExtId: string, night: string, allotment: number, force: boolean): Promise<AllotmentChange> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
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
    return { night, allotment, set: false, held, reason: `${held} rooms are held` };
  }
}

async function setPlanNight(spuExtId: string, night: string, plan: string, change: PlanNightChange): Promise<PlanNight> {
  const fields = Object.entries(change).filter(([, value]) => value !== undefined);
  if (fields.length === 0) return {};
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  fields.forEach(([field, value], index) => {
    names[`#f${index}`] = `${field}@${plan}`;
    if (value === null) removes.push(`#f${index}`);
    else {
      values[`:v${index}`] = value;
      sets.push(`#f${index} = :v${index}`);
    }
  });
  const { Attributes = {} } = await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: Keys.night(spuExtId, night),
      UpdateExpression: [
        sets.length > 0 ? `SET ${sets.join(', ')}` : '',
        removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
      ]
        .join(' ')
        .trim(),
      ExpressionAttributeNames: names,
      ...(sets.length > 0 ? { ExpressionAttributeValues: values } : {}),
      ReturnValues: 'UPDATED_OLD',
    }),
  );
  const before: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(Attributes)) before[name.slice(0, name.indexOf('@'))] = value;
  return before as PlanNight;
}

/** The nights store on the table. */
export const dynamoNights: NightsStore = { read, hold, release, setAllotment, setPlanNight };
