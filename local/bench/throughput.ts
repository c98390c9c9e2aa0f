/**
 * Benchmark a: commit throughput and latency at concurrency 40 on the local stack, side by side with
 * floors: bare node:http handlers that check the same signature, parse the JSON and do one conditional
 * PutItem, or the commit's own requests (with small items, or with the handler's very items), on the same
 * emulators.
 */

import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AttributeValue, DynamoDBClient, PutItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { writeCatalog } from '../../lib/app/catalog.js';
import { awsClientOptions } from '../../lib/aws/client-options.js';
import { parseCatalog } from '../../lib/catalog/catalog.js';
import { verifySpi } from '../../lib/douyin/signature.js';
import { ChannelHubError } from '../../lib/errors.js';
import { Keys } from '../../lib/store/dynamodb/table.js';
import { night } from '../calendar.js';
import { BENCH_SECRET, benchCatalog, benchCommit, signedPost, withBenchStack } from './bench-stack.js';
import { median, table } from './stats.js';

const CONCURRENCY = 40;

export interface LoadResult {
  requests: number;
  errors: number;
  /** Answers with error_code 100: Douyin retries them. */
  retries: number;
  rps: number;
  p50: number;
  p99: number;
}

/** What the load client sends (local/bench/load-client.ts): plain commits, stays that hold rooms, or the partner's calls. */
export type LoadKind = 'plain' | 'suite' | 'spread2' | 'hot2' | 'availability' | 'create';

/** Runs the load client against `url` for `seconds` after a 2 s warm-up. */
export function load(url: string, seconds: number, kind: LoadKind = 'plain', concurrency = CONCURRENCY): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'local/bench/load-client.ts', url, String(concurrency), '2', String(seconds), kind],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '{}'))
        : reject(new Error(`load client exited ${code}`)),
    );
  });
}

type Store = (orderId: string, body: string) => Promise<unknown>;

/**
 * A bare node:http server that checks the signature, parses the JSON and then runs `store`: the floor
 * when `store` is one conditional PutItem.
 */
async function startBare(store: Store): Promise<{ url: string; close: () => void }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const url = new URL(request.url ?? '/', 'http://x');
      const check = verifySpi({
        clientSecret: BENCH_SECRET,
        query: url.searchParams,
        body,
        signature: request.headers['x-life-sign'] as string,
        now: Date.now(),
      });
      const json = JSON.parse(body.toString('utf8')) as { order_id: string };
      if (!check.ok) {
        response.writeHead(200).end('{"error_code":40101}');
        return;
      }
      await store(json.order_id, body.toString('utf8'));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"error_code":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

type AttributeMap = Record<string, AttributeValue>;

/** A real paid commit's two items as the handler stored them (attribute-value form), to copy per request. */
async function handlerItems(stackUrl: string): Promise<{ order: AttributeMap; history: AttributeMap }> {
  const orderId = '9000000000000000001';
  await signedPost(`${stackUrl}/poi/ext/hotel/order/commit`, benchCommit(orderId));
  const dynamodb = new DynamoDBClient({});
  const { Items = [] } = await dynamodb.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: Keys.order({ channel: 'douyin', orderId }).pk } },
    }),
  );
  dynamodb.destroy();
  const order = Items.find((item) => item.sk?.S === 'ORDER');
  const history = Items.find((item) => item.sk?.S?.startsWith('HIST#'));
  if (order === undefined || history === undefined) throw new ChannelHubError('the bench commit was not stored');
  return { order, history };
}

/**
 * What the bare servers store, on clients made once the local stack has set the endpoints, with the options
 * every client of the handler's has:
 * - floor: what any implementation must at least do per commit, and nothing more;
 * - withCommitIo: a paid commit's requests as the handler makes them (the read of the stay's nightly prices,
 *   the order's conditional write, then its history entry and the work message together), with small items;
 * - withHandlerItems: the same requests carrying the very items the handler writes (a copy of a real
 *   commit's order and history items, with this request's keys), so the emulator maintains the same
 *   indexes and the SDK sends the same bytes. Beside the handler it leaves only the handler's own code.
 */
function bareStores(items: {
  order: AttributeMap;
  history: AttributeMap;
}): Record<'floor' | 'withCommitIo' | 'withHandlerItems', Store> {
  // The handler's own SDK configuration (its timeouts and retry budget, SPEC §9), so that the comparison is
  // of the handler's code alone.
  const dynamodb = new DynamoDBClient(awsClientOptions());
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false, ...awsClientOptions() });
  const putItem = (Item: AttributeMap, conditional = true) =>
    dynamodb.send(
      new PutItemCommand({
        TableName: process.env.TABLE_NAME,
        Item,
        ...(conditional ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
      }),
    );
  const put = (pk: string, body: string, sk = 'ORDER') => putItem({ pk: { S: pk }, sk: { S: sk }, body: { S: body } });
  // The paid commit's price check: one range query of the stay's nights (benchCommit's two).
  const priceRead = () =>
    dynamodb.send(
      new QueryCommand({
        TableName: process.env.TABLE_NAME,
        ConsistentRead: true,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ProjectionExpression: 'sk, allotment, held, available, price',
        ExpressionAttributeValues: {
          ':pk': { S: Keys.night('RT-DLX-TWIN', '').pk },
          ':first': { S: Keys.night('RT-DLX-TWIN', night(22)).sk },
          ':last': { S: Keys.night('RT-DLX-TWIN', night(23)).sk },
        },
      }),
    );
  // The channel's calls of the minute (SPEC §10's health), beside the history write.
  const countCall = () =>
    dynamodb.send(
      new UpdateItemCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: { S: 'CALLS#floor' }, sk: { S: new Date().toISOString().slice(0, 16) } },
        UpdateExpression: 'ADD calls :one SET lastAt = :at',
        ExpressionAttributeValues: { ':one': { N: '1' }, ':at': { N: String(Date.now()) } },
      }),
    );
  const send = (orderId: string) =>
    sqs.send(
      new SendMessageCommand({
        QueueUrl: process.env.QUEUE_URL,
        MessageBody: JSON.stringify({ orderId, workId: 'douyin.order-status' }),
      }),
    );
  return {
    floor: (orderId, body) => put(`FLOOR#${orderId}`, body),
    withCommitIo: async (orderId, body) => {
      await priceRead();
      await put(`IO#${orderId}`, body);
      await Promise.all([put(`IO#${orderId}`, body, 'HISTORY#1'), countCall(), send(orderId)]);
    },
    withHandlerItems: async (orderId) => {
      await priceRead();
      const pk = { S: `ITEMS#${orderId}` };
      await putItem({ ...items.order, pk, orderExtId: { S: `HUBITEMS${orderId}` }, orderId: { S: orderId } });
      await Promise.all([putItem({ ...items.history, pk }, false), countCall(), send(orderId)]);
    },
  };
}

/** A result's cells after its name: answered, retry answers, other errors, req/s, p50 and p99. */
export function resultCells(result: LoadResult): (string | number)[] {
  return [result.requests, result.retries, result.errors, result.rps.toFixed(0), result.p50.toFixed(1), result.p99.toFixed(1)];
}

/** Median of each figure over the rounds, requests and errors summed. */
export function combine(results: LoadResult[]): LoadResult {
  const sum = (pick: (result: LoadResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  return {
    requests: sum((result) => result.requests),
    errors: sum((result) => result.errors),
    retries: sum((result) => result.retries),
    rps: median(results.map((result) => result.rps)),
    p50: median(results.map((result) => result.p50)),
    p99: median(results.map((result) => result.p99)),
  };
}

/**
 * The servers take turns, `rounds` times, so that a slow spell of the machine falls on all of them; each
 * figure is the median over the rounds, and each ratio the median of the rounds' ratios. Every other round
 * runs them in the reverse order, so that no server always follows the same one: a server's run leaves the
 * emulators its garbage to collect, and the next server's run pays for it. A first round of 3 s each is thrown
 * away: DynamoDB Local's JVM compiles its hot paths over the first half-minute of load, which made the first
 * server of the first round look slow and the ones after it fast.
 */
export async function throughputBenchmark(seconds = 6, rounds = 6): Promise<string> {
  return withBenchStack({ worker: false }, async ({ stack }) => {
    await writeCatalog(parseCatalog(benchCatalog()));
    const stores = bareStores(await handlerItems(stack.url));
    const servers = {
      floor: await startBare(stores.floor),
      io: await startBare(stores.withCommitIo),
      items: await startBare(stores.withHandlerItems),
    };
    try {
      const runs: { floor: LoadResult; io: LoadResult; items: LoadResult; stack: LoadResult; suite: LoadResult }[] = [];
      const commit = `${stack.url}/poi/ext/hotel/order/commit`;
      for (const url of [...Object.values(servers).map((server) => server.url), commit]) await load(url, 3);
      const turns = {
        floor: () => load(servers.floor.url, seconds),
        io: () => load(servers.io.url, seconds),
        items: () => load(servers.items.url, seconds),
        stack: () => load(commit, seconds),
        suite: () => load(commit, seconds, 'suite'),
      };
      const order = Object.keys(turns) as (keyof typeof turns)[];
      for (let round = 0; round < rounds; round++) {
        const run: Partial<Record<keyof typeof turns, LoadResult>> = {};
        for (const name of round % 2 === 0 ? order : order.toReversed()) run[name] = await turns[name]();
        runs.push(run as Record<keyof typeof turns, LoadResult>);
      }
      const ratios = (pick: (run: (typeof runs)[number]) => number) => runs.map(pick);
      const each = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');
      const verdict = (values: number[], target: string, met: (value: number) => boolean) =>
        `${median(values).toFixed(2)}× (rounds: ${each(values)}; target ${target}: ${met(median(values)) ? 'met' : 'NOT met'})`;
      const row = (name: string, result: LoadResult) => [
        name,
        result.requests,
        result.errors,
        result.rps.toFixed(0),
        result.p50.toFixed(1),
        result.p99.toFixed(1),
      ];
      const pick = (name: keyof (typeof runs)[number]) => combine(runs.map((run) => run[name]));
      return [
        `a. commit at concurrency ${CONCURRENCY}: ${rounds} rounds after a discarded one (every other in the reverse order), each server ${seconds} s per round after a 2 s warm-up, medians over the rounds (worker off, so only the request path is measured)`,
        table(
          ['server', 'requests', 'errors', 'req/s', 'p50 ms', 'p99 ms'],
          [
            row('floor (node:http + signature + JSON + 1 PutItem)', pick('floor')),
            row("floor doing the commit's I/O (1 Query + 2 PutItem + 1 UpdateItem + 1 SendMessage), small items", pick('io')),
            row("floor doing the commit's I/O with the handler's own items", pick('items')),
            row('local stack commit handler', pick('stack')),
            row('local stack commit handler, holding 3 nights of its own allotment', pick('suite')),
          ],
        ),
        `a commit that holds its nights (the order, then one conditional UpdateItem per night and the outcome) reaches ${median(ratios((run) => run.suite.rps / run.stack.rps)).toFixed(2)}× a plain commit's throughput (rounds: ${each(ratios((run) => run.suite.rps / run.stack.rps))})`,
        `the handler against the floor doing the same I/O (its own items): throughput ${verdict(
          ratios((run) => run.stack.rps / run.items.rps),
          '≥ 0.85',
          (value) => value >= 0.85,
        )}, p99 ${verdict(
          ratios((run) => run.stack.p99 / run.items.p99),
          '≤ 1.25',
          (value) => value <= 1.25,
        )}`,
        `where the rest goes: small-item I/O reaches ${median(ratios((run) => run.io.rps / run.floor.rps)).toFixed(2)}× the one-PutItem floor, the handler's items ${median(ratios((run) => run.items.rps / run.io.rps)).toFixed(2)}× that, and the handler ${median(ratios((run) => run.stack.rps / run.items.rps)).toFixed(2)}× that; against the small-item I/O the handler reaches ${median(ratios((run) => run.stack.rps / run.io.rps)).toFixed(2)}× (rounds: ${each(ratios((run) => run.stack.rps / run.io.rps))})`,
      ].join('\n');
    } finally {
      for (const server of Object.values(servers)) server.close();
    }
  });
}

/** Concurrency of the hot-night rows: thirty guests booking the same two nights at once. */
const HOT_CONCURRENCY = 30;

/**
 * Benchmark a's hot-night rows: 2-night stays of the room type sold from its own allotment, all on the same
 * nights or spread over the year, at concurrency 30, against the stand-in that cancels transactions meeting
 * another on the same item as DynamoDB does (DynamoDB Local serializes them instead).
 */
export async function hotNightsBenchmark(seconds = 6, rounds = 3): Promise<string> {
  return withBenchStack({ worker: false, chaos: { dynamodb: { conflicts: true } } }, async ({ stack }) => {
    await writeCatalog(parseCatalog(benchCatalog()));
    const commit = `${stack.url}/poi/ext/hotel/order/commit`;
    const runs: { spread: LoadResult; hot: LoadResult }[] = [];
    const conflictsBefore = stack.chaos?.dynamodb.counts.transactionConflict ?? 0;
    for (let round = 0; round < rounds; round++) {
      runs.push({
        spread: await load(commit, seconds, 'spread2', HOT_CONCURRENCY),
        hot: await load(commit, seconds, 'hot2', HOT_CONCURRENCY),
      });
    }
    const conflicts = (stack.chaos?.dynamodb.counts.transactionConflict ?? 0) - conflictsBefore;
    const row = (name: string, result: LoadResult) => [name, ...resultCells(result)];
    const each = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');
    const throughput = runs.map((run) => run.hot.rps / run.spread.rps);
    const p99 = runs.map((run) => run.hot.p99 / run.spread.p99);
    return [
      `a (hot nights). 2-night stays holding rooms at concurrency ${HOT_CONCURRENCY}, transaction conflicts on (the stand-in cancels as DynamoDB does): ${rounds} rounds of ${seconds} s, medians`,
      table(
        ['stays', 'answered 0', 'answered 100', 'other errors', 'req/s', 'p50 ms', 'p99 ms'],
        [
          row('spread over the year', combine(runs.map((run) => run.spread))),
          row('all on the same two nights', combine(runs.map((run) => run.hot))),
        ],
      ),
      `hot against spread: throughput ${median(throughput).toFixed(2)}× (rounds: ${each(throughput)}; target ≥ 0.8), p99 ${median(p99).toFixed(2)}× (rounds: ${each(p99)}; target ≤ 1.5); transactions the stand-in cancelled for conflict: ${conflicts}`,
    ].join('\n');
  });
}
