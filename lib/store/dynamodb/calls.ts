/**
 * Each channel's inbound calls, one item per channel and minute (`CALLS#<channel>`, `yyyy-MM-ddTHH:mm`):
 * one UpdateItem beside each request's history write, and one Query of at most sixty items for the last hour.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../../config/config.js';
import type { CallOutcome, CallsStore, ChannelCalls } from '../ports.js';
import { dynamo } from './client.js';
import { Keys } from './table.js';

/** Kept two days: the console asks for the last hour, the extra day covers a quiet channel's last call. */
const CALLS_TTL_SECONDS = 2 * 86_400;

const minuteOf = (at: number) => new Date(at).toISOString().slice(0, 16);

const tableName = () => getConfig().tableName;

interface CallsItem {
  calls?: number;
  rejected?: number;
  failed?: number;
  lastAt?: number;
  lastOutcome?: CallOutcome;
  lastCode?: string;
}

const lastOf = (item: CallsItem | undefined): ChannelCalls['last'] =>
  item?.lastAt === undefined ? undefined : { at: item.lastAt, outcome: item.lastOutcome ?? 'ok', code: item.lastCode ?? '' };

export const dynamoCalls: CallsStore = {
  async record(channel, at, outcome, code) {
    // One write a request. Two requests of the same minute answered out of order may leave the earlier as
    // "last": the console shows it to the minute, so that costs nothing a second write would buy back.
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: Keys.calls(channel, minuteOf(at)),
        UpdateExpression: `ADD calls :one${outcome === 'ok' ? '' : `, ${outcome} :one`} SET expiresAt = :ttl, lastAt = :at, lastOutcome = :outcome, lastCode = :code`,
        ExpressionAttributeValues: {
          ':one': 1,
          ':ttl': Math.floor(at / 1000) + CALLS_TTL_SECONDS,
          ':at': at,
          ':outcome': outcome,
          ':code': code,
        },
      }),
    );
  },
  async since(channel, since) {
    const { Items } = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND sk >= :since',
        ExpressionAttributeValues: { ':pk': Keys.calls(channel, '').pk, ':since': minuteOf(since) },
      }),
    );
    const items = (Items ?? []) as CallsItem[];
    const total = { calls: 0, rejected: 0, failed: 0 };
    for (const item of items) {
      total.calls += item.calls ?? 0;
      total.rejected += item.rejected ?? 0;
      total.failed += item.failed ?? 0;
    }
    let last = lastOf(items.at(-1));
    if (last === undefined) {
      const { Items: newest } = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': Keys.calls(channel, '').pk },
          ScanIndexForward: false,
          Limit: 1,
        }),
      );
      last = lastOf(newest?.[0] as CallsItem | undefined);
    }
    return { ...total, ...(last === undefined ? {} : { last }) };
  },
};
