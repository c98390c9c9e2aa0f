/**
 * Benchmark a: commit throughput and latency at concurrency 40 on the local stack, side by side with a
 * floor — a bare node:http handler that checks the same signature, parses the JSON and does one
 * conditional PutItem on the same embedded DynamoDB.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { verifySpi } from '../../lib/douyin/signature.js';
import { BENCH_SECRET, withBenchStack } from './bench-stack.js';
import { median, table } from './stats.js';

const CONCURRENCY = 40;

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

/** Runs the load client against `url` for `seconds` after a 2 s warm-up. */
export function load(url: string, seconds: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'local/bench/load-client.ts', url, String(CONCURRENCY), '2', String(seconds)],
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

/**
 * What the bare servers store, on clients made once the local stack has set the endpoints:
 * - floor: what any implementation must at least do per commit, and nothing more;
 * - withCommitIo: a paid commit's I/O as the handler does it (the order's conditional write, then its
 *   history entry and the work message together). Beside the handler it splits the gap into what the
 *   design's I/O costs and what the handler's own code costs.
 */
function bareStores(): { floor: Store; withCommitIo: Store } {
  const dynamodb = new DynamoDBClient({});
  const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
  const put = (pk: string, body: string, sk = 'ORDER') =>
    dynamodb.send(
      new PutItemCommand({
        TableName: process.env.TABLE_NAME,
        Item: { pk: { S: pk }, sk: { S: sk }, body: { S: body } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  return {
    floor: (orderId, body) => put(`FLOOR#${orderId}`, body),
    withCommitIo: async (orderId, body) => {
      await put(`IO#${orderId}`, body);
      await Promise.all([
        put(`IO#${orderId}`, body, 'HISTORY#1'),
        sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ orderId }) })),
      ]);
    },
  };
}

/** Median of each figure over the rounds, requests and errors summed. */
function combine(results: LoadResult[]): LoadResult {
  const sum = (pick: (result: LoadResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  return {
    requests: sum((result) => result.requests),
    errors: sum((result) => result.errors),
    rps: median(results.map((result) => result.rps)),
    p50: median(results.map((result) => result.p50)),
    p99: median(results.map((result) => result.p99)),
  };
}

/**
 * The three servers take turns, `rounds` times, so that a slow spell of the machine falls on all of them;
 * each figure is the median over the rounds, and each ratio the median of the rounds' ratios.
 */
export async function throughputBenchmark(seconds = 6, rounds = 3): Promise<string> {
  return withBenchStack({ worker: false }, async ({ stack }) => {
    const stores = bareStores();
    const bare = await startBare(stores.floor);
    const bareWithIo = await startBare(stores.withCommitIo);
    try {
      const runs: { floor: LoadResult; io: LoadResult; stack: LoadResult }[] = [];
      for (let round = 0; round < rounds; round++) {
        runs.push({
          floor: await load(bare.url, seconds),
          io: await load(bareWithIo.url, seconds),
          stack: await load(`${stack.url}/poi/ext/hotel/order/commit`, seconds),
        });
      }
      const ratios = (pick: (run: (typeof runs)[number]) => number) => runs.map(pick);
      const rps = ratios((run) => run.stack.rps / run.floor.rps);
      const p99 = ratios((run) => run.stack.p99 / run.floor.p99);
      const io = ratios((run) => run.io.rps / run.floor.rps);
      const handler = ratios((run) => run.stack.rps / run.io.rps);
      const each = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');
      const row = (name: string, result: LoadResult) => [
        name,
        result.requests,
        result.errors,
        result.rps.toFixed(0),
        result.p50.toFixed(1),
        result.p99.toFixed(1),
      ];
      return [
        `a. commit at concurrency ${CONCURRENCY}: ${rounds} rounds, each server ${seconds} s per round after a 2 s warm-up, medians over the rounds (worker off, so only the request path is measured)`,
        table(
          ['server', 'requests', 'errors', 'req/s', 'p50 ms', 'p99 ms'],
          [
            row('floor (node:http + signature + JSON + 1 PutItem)', combine(runs.map((run) => run.floor))),
            row("floor doing the commit's I/O (2 PutItem + 1 SendMessage)", combine(runs.map((run) => run.io))),
            row('local stack commit handler', combine(runs.map((run) => run.stack))),
          ],
        ),
        `throughput ${median(rps).toFixed(2)}× the floor (rounds: ${each(rps)}; target ≥ 0.75: ${median(rps) >= 0.75 ? 'met' : 'NOT met'})`,
        `p99 ${median(p99).toFixed(2)}× the floor (rounds: ${each(p99)}; target ≤ 1.5: ${median(p99) <= 1.5 ? 'met' : 'NOT met'})`,
        `of which the I/O: the floor doing the commit's I/O reaches ${median(io).toFixed(2)}× the floor (rounds: ${each(io)}), and the handler ${median(handler).toFixed(2)}× that (rounds: ${each(handler)})`,
      ].join('\n');
    } finally {
      bare.close();
      bareWithIo.close();
    }
  });
}
