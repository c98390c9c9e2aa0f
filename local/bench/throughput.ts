/**
 * Benchmark a: commit throughput and latency at concurrency 40 on the local stack, side by side with a
 * floor — a bare node:http handler that checks the same signature, parses the JSON and does one
 * conditional PutItem on the same embedded DynamoDB.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { verifySpi } from '../../lib/douyin/signature.js';
import { BENCH_SECRET, withBenchStack } from './bench-stack.js';
import { table } from './stats.js';

const CONCURRENCY = 40;

interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

function load(url: string, seconds: number): Promise<LoadResult> {
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

/** The floor: what any implementation must at least do per commit, and nothing more. */
async function startFloor(): Promise<{ url: string; close: () => void }> {
  const client = new DynamoDBClient({});
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
      await client.send(
        new PutItemCommand({
          TableName: process.env.TABLE_NAME,
          Item: { pk: { S: `FLOOR#${json.order_id}` }, sk: { S: 'ORDER' }, body: { S: body.toString('utf8') } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"error_code":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

export async function throughputBenchmark(seconds = 10): Promise<string> {
  return withBenchStack({ worker: false }, async ({ stack }) => {
    const floor = await startFloor();
    try {
      const floorResult = await load(floor.url, seconds);
      const stackResult = await load(`${stack.url}/poi/ext/hotel/order/commit`, seconds);
      const ratio = stackResult.rps / floorResult.rps;
      const p99Ratio = stackResult.p99 / floorResult.p99;
      const row = (name: string, result: LoadResult) => [
        name,
        result.requests,
        result.errors,
        result.rps.toFixed(0),
        result.p50.toFixed(1),
        result.p99.toFixed(1),
      ];
      return [
        `a. commit at concurrency ${CONCURRENCY}, ${seconds} s each after 2 s warm-up (worker off, so only the request path is measured)`,
        table(
          ['server', 'requests', 'errors', 'req/s', 'p50 ms', 'p99 ms'],
          [row('floor (node:http + signature + JSON + 1 PutItem)', floorResult), row('local stack commit handler', stackResult)],
        ),
        `throughput ${ratio.toFixed(2)}× the floor (target ≥ 0.75: ${ratio >= 0.75 ? 'met' : 'NOT met'}); p99 ${p99Ratio.toFixed(2)}× the floor (target ≤ 1.5: ${p99Ratio <= 1.5 ? 'met' : 'NOT met'})`,
      ].join('\n');
    } finally {
      floor.close();
    }
  });
}
