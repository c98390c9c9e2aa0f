/** Integration harness: the local stack on DynamoDB Local and fauxqs, with fake Douyin and AX on loopback. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { signSpi } from '../../lib/douyin/signature.js';
import { partnerSignature } from '../../lib/partner/auth.js';
import { sqs } from '../../lib/queue/work-queue.js';
import { type StackWithFakes, startStackWithFakes } from '../../local/fakes/stack-with-fakes.js';
import { runOps } from '../../local/ops.js';
import type { LocalStack, LocalStackOptions } from '../../local/stack.js';

export const CLIENT_KEY = 'ck_test';
export const CLIENT_SECRET = 'test-secret';
export const PARTNER_USER = 'fliggy';
export const PARTNER_PASSWORD = 'S3cret!';

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
    ...options,
    env: {
      PARTNER_CREDENTIALS: `${PARTNER_USER}:${PARTNER_PASSWORD}`,
      RETRY_BASE_SECONDS: '1',
      AX_POLL_SECONDS: '1',
      SWEEP_GRACE_SECONDS: '1',
      MAX_ATTEMPTS: '4',
      DOUYIN_ORDER_SYNC: 'off',
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

/** A valid commit body; each call gets a fresh order_id unless one is given. */
let sequence = 0;
export function commitBody(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    order_id: `70000000000${String(Date.now()).slice(-6)}${String(sequence).padStart(3, '0')}`,
    spu_ext_id: 'RT-DLX-TWIN',
    status: 0,
    reserve_amount: 1,
    customer_name: '张三',
    customer_phone: 13800138000,
    check_in: '20261223',
    check_out: '20261225',
    total_price: 58800 + 78800,
    ...overrides,
  };
}

/** Ids for cancel and status calls on a committed order. */
export function orderRef(body: { order_id: string }, orderExtId: string) {
  return { supplier_ext_id: 'SUP-SEL-001', order_id: body.order_id, order_ext_id: orderExtId };
}

/** A signed partner SearchOrderRequest. */
export function searchOrderXml(
  ids: { TaoBaoOrderId?: string; OrderId?: string },
  options: { includeDetail?: boolean; password?: string; timestamp?: number } = {},
) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = partnerSignature(PARTNER_USER, options.password ?? PARTNER_PASSWORD, timestamp);
  const idXml = Object.entries(ids)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><SearchOrderRequest><AuthenticationToken><Username>${PARTNER_USER}</Username><RequestTimestamp>${timestamp}</RequestTimestamp><Signature>${signature}</Signature></AuthenticationToken>${idXml}<IncludeDetail>${options.includeDetail ?? false}</IncludeDetail></SearchOrderRequest>`;
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
