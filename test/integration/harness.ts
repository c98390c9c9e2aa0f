/** Integration harness: the local stack on DynamoDB Local and fauxqs, with fake Douyin and AX on loopback. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { signSpi } from '../../lib/douyin/signature.js';
import { sqs } from '../../lib/queue/work-queue.js';
import { testCatalogFile } from '../../local/calendar.js';
import { type StackWithFakes, startStackWithFakes } from '../../local/fakes/stack-with-fakes.js';
import { runOps } from '../../local/ops.js';
import type { LocalStack, LocalStackOptions } from '../../local/stack.js';
import { PARTNER_PASSWORD, PARTNER_USER } from '../support/requests.js';

export { commitBody, orderRef, PARTNER_PASSWORD, PARTNER_USER, searchOrderXml } from '../support/requests.js';

export const CLIENT_KEY = 'ck_test';
export const CLIENT_SECRET = 'test-secret';

export type Harness = StackWithFakes;

/** Starts fakes and the stack; fast retries and polls so fault paths finish within a test. */
export function startHarness(options: Omit<LocalStackOptions, 'env'> & { env?: Record<string, string> } = {}): Promise<Harness> {
  return startStackWithFakes({
    clientKey: CLIENT_KEY,
    clientSecret: CLIENT_SECRET,
    // Longer than the slowest call (AX 10 s), as on AWS (six worker timeouts), so no duplicate races in.
    visibilityTimeoutSeconds: 30,
    // The run's one DynamoDB Local (test/setup); the stack makes its own table there.
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    // The console's user pool only where a test asks for it: it is a process of its own.
    console: false,
    ...options,
    env: {
      PARTNER_CREDENTIALS: `${PARTNER_USER}:${PARTNER_PASSWORD}`,
      RETRY_BASE_SECONDS: '1',
      AX_POLL_SECONDS: '1',
      SWEEP_GRACE_SECONDS: '1',
      MAX_ATTEMPTS: '4',
      DOUYIN_ORDER_SYNC: 'off',
      CATALOG_FILE: testCatalogFile(),
      ...options.env,
    },
  });
}

export type DouyinReply = {
  error_code: number;
  description: string;
  order_ext_id?: string;
  status?: number;
  data: Record<string, unknown>;
};

/** POSTs a body to a Douyin SPI route, signed as Douyin signs it unless told otherwise. */
export async function douyinPost(
  stack: LocalStack,
  route: 'commit' | 'cancel' | 'status',
  body: unknown,
  options: { secret?: string | null; timestamp?: number; rawBody?: string; slash?: boolean } = {},
): Promise<DouyinReply> {
  const text = options.rawBody ?? JSON.stringify(body);
  const query = new URLSearchParams({ client_key: CLIENT_KEY, timestamp: String(options.timestamp ?? Date.now()) });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.secret !== null)
    headers['x-life-sign'] = signSpi(options.secret ?? CLIENT_SECRET, query, Buffer.from(text, 'utf8'));
  const response = await fetch(`${stack.url}/poi/ext/hotel/order/${route}${options.slash ? '/' : ''}?${query}`, {
    method: 'POST',
    headers,
    body: text,
  });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as DouyinReply;
}

/** GETs Douyin's price pull, signed over its query alone as Douyin signs it. */
export async function douyinGet(stack: LocalStack, parameters: Record<string, string>): Promise<DouyinReply> {
  const query = new URLSearchParams({ ...parameters, client_key: CLIENT_KEY, timestamp: String(Date.now()) });
  const response = await fetch(`${stack.url}/poi/ext/hotel/sku?${query}`, {
    headers: { 'x-life-sign': signSpi(CLIENT_SECRET, query, Buffer.alloc(0)) },
  });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as DouyinReply;
}

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the work queue holds nothing, visible, in flight or delayed: every message sent so far has been
 * handled. Instead of sleeping "long enough" before checking that something did not happen.
 */
export async function queueIdle(stack: LocalStack, timeoutMs = 15_000): Promise<void> {
  const names = [
    'ApproximateNumberOfMessages',
    'ApproximateNumberOfMessagesNotVisible',
    'ApproximateNumberOfMessagesDelayed',
  ] as const;
  await waitFor(
    async () => {
      const { Attributes = {} } = await sqs().send(
        new GetQueueAttributesCommand({ QueueUrl: stack.queueUrl, AttributeNames: [...names] }),
      );
      return names.every((name) => Number(Attributes[name] ?? 0) === 0);
    },
    timeoutMs,
    'the work queue to be idle',
  );
}

/**
 * A DATA_DIR for a stack that `ops` finds through its endpoints file, as an operator's shell would: pass
 * `endpointsFile` to startHarness, then set DATA_DIR to `dir` for ops; `remove` when done.
 */
export function opsDataDir(name: string): { dir: string; endpointsFile: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `channel-hub-${name}-`));
  return { dir, endpointsFile: join(dir, 'endpoints.json'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs one `npm run ops` command line; its exit code and its lines. */
export async function ops(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runOps(args, (line) => lines.push(line));
  return { code, out: lines.join('\n') };
}

export { captureMetrics } from '../support/metrics.js';
