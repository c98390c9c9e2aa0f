/**
 * The unit tests' stand-in for the local stack: the very Lambda handlers, called with API Gateway and SQS
 * events on the in-memory stores and queue, with fake Douyin and AX servers on loopback. No emulator, no
 * Java: what these tests show about DynamoDB is what the store port promises, which the integration tests
 * check on DynamoDB Local.
 */
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { writeCatalog } from '../../../lib/app/catalog.js';
import { parseCatalog } from '../../../lib/catalog/catalog.js';
import { CHANNEL_FUNCTIONS } from '../../../lib/channels/registry.js';
import { resetConfig } from '../../../lib/config/config.js';
import { signSpi } from '../../../lib/douyin/signature.js';
import { resetTokenCache } from '../../../lib/douyin/token.js';
import { ANSWER_WITHIN_MS } from '../../../lib/http/answer-budget.js';
import { matchRoute } from '../../../lib/http/routes.js';
import { useWorkQueue } from '../../../lib/queue/work-queue.js';
import { MemoryQueue, type MemoryStores, memoryStores } from '../../../lib/store/memory/index.js';
import { useStores } from '../../../lib/store/stores.js';
import { testCatalog } from '../../../local/calendar.js';
import { FakeAx } from '../../../local/fakes/fake-ax.js';
import { FakeDouyin } from '../../../local/fakes/fake-douyin.js';
import { apiEvent, lambdaContext, sqsEvent } from '../../../local/lambda-runtime.js';
import { PARTNER_PASSWORD, PARTNER_USER } from '../../support/requests.js';

export { commitBody, orderRef, PARTNER_PASSWORD, PARTNER_USER, partnerToken } from '../../support/requests.js';

export const CLIENT_KEY = 'ck_unit';
export const CLIENT_SECRET = 'unit-secret';

export type PartnerRoute = 'hotelRooms' | 'roomAvailability' | 'createOrder' | 'cancelOrder' | 'searchOrder' | 'partner';

type HttpHandler = (event: ReturnType<typeof apiEvent>, context: Context) => Promise<unknown>;
type SqsHandler = (event: ReturnType<typeof sqsEvent>, context: Context) => Promise<{ batchItemFailures: unknown[] }>;

/** A channel's Lambda by its route name (`commit`, `hotelRooms`), from the channel registry. */
function functionOf(route: string): string {
  const fn = CHANNEL_FUNCTIONS.find((candidate) => candidate.route === route);
  if (fn === undefined) throw new Error(`no channel has a route ${route}`);
  return fn.name;
}

/** Calls `functions/<name>.ts` with an API Gateway event, as the gateway hands a request over. */
async function call(
  name: string,
  request: { method: string; url: URL; routeKey: string; headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<APIGatewayProxyStructuredResultV2> {
  const { handler } = (await import(`../../../functions/${name}.ts`)) as { handler: HttpHandler };
  const event = apiEvent({ ...request, body: Buffer.from(request.body), sourceIp: '127.0.0.1' });
  return (await handler(event, lambdaContext(name, timeoutMs))) as APIGatewayProxyStructuredResultV2;
}

export interface UnitStack {
  stores: MemoryStores;
  queue: MemoryQueue;
  douyin: FakeDouyin;
  ax: FakeAx;
  /** Calls a Douyin SPI handler as API Gateway would, signed as Douyin signs unless told otherwise. */
  douyinPost(
    route: 'commit' | 'cancel' | 'status',
    body: unknown,
    options?: { secret?: string | null; rawBody?: string },
  ): Promise<Record<string, unknown> & { error_code: number; order_ext_id?: string; status?: number }>;
  /** Calls Douyin's price pull (a GET, signed over its query alone) with these query parameters. */
  douyinGet(
    query: Record<string, string>,
    options?: { secret?: string | null },
  ): Promise<Record<string, unknown> & { error_code: number }>;
  /** Calls a calendar-room SPI (`/douyin/hotel/<route>`), signed as Douyin signs unless told otherwise; answers its `data`. */
  hotelPost(
    route: string,
    body: unknown,
    options?: { secret?: string | null; rawBody?: string; whole?: boolean },
  ): Promise<Record<string, unknown> & { error_code: number; description: string }>;
  /** Calls a partner handler with an XML body; answers the XML text. */
  partnerPost(route: PartnerRoute, xml: string): Promise<string>;
  /** Calls an admin API Lambda as API Gateway would hand it over (its own token check included). */
  admin(
    method: 'GET' | 'POST',
    pathAndQuery: string,
    options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Runs the worker over every message sent so far, and what those send, until the queue is empty. */
  drain(options?: { rounds?: number }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * @example const stack = await startUnitStack(); const reply = await stack.douyinPost('commit', body)
 */
export async function startUnitStack(env: Record<string, string> = {}): Promise<UnitStack> {
  const douyin = await new FakeDouyin(CLIENT_KEY, CLIENT_SECRET).listen();
  const ax = await new FakeAx().listen();
  Object.assign(process.env, {
    DOUYIN_BASE_URL: douyin.url,
    DOUYIN_CLIENT_KEY: CLIENT_KEY,
    DOUYIN_CLIENT_SECRET: CLIENT_SECRET,
    DOUYIN_SIGNATURE: 'required',
    AX_BASE_URL: ax.url,
    AX_API_KEY: ax.apiKey,
    PARTNER_CREDENTIALS: `${PARTNER_USER}:${PARTNER_PASSWORD},taobao:example-password`,
    RATE_KEY_SECRET: 'example-ratekey-secret',
    DOUYIN_ACCOUNT_ID: '7000000000000000001',
    RETRY_BASE_SECONDS: '1',
    AX_POLL_SECONDS: '1',
    MAX_ATTEMPTS: '4',
    TABLE_NAME: 'unit',
    ...env,
  });
  resetConfig();
  resetTokenCache();
  const stores = memoryStores();
  const queue = new MemoryQueue();
  useStores(stores);
  useWorkQueue(queue);
  await writeCatalog(parseCatalog(testCatalog()));

  const invoke = (route: string, url: URL, body: string, headers: Record<string, string>, method = 'POST') =>
    call(functionOf(route), { method, url, routeKey: `${method} ${url.pathname}`, headers, body }, ANSWER_WITHIN_MS);

  return {
    stores,
    queue,
    douyin,
    ax,
    async douyinPost(route, body, options = {}) {
      const text = options.rawBody ?? JSON.stringify(body);
      const query = new URLSearchParams({ client_key: CLIENT_KEY, timestamp: String(Date.now()) });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.secret !== null) headers['x-life-sign'] = signSpi(options.secret ?? CLIENT_SECRET, query, Buffer.from(text));
      const url = new URL(`http://unit/poi/ext/hotel/order/${route}?${query}`);
      const reply = await invoke(route, url, text, headers);
      return JSON.parse(String(reply.body)) as Record<string, unknown> & { error_code: number };
    },
    async douyinGet(parameters, options = {}) {
      const query = new URLSearchParams({ ...parameters, client_key: CLIENT_KEY, timestamp: String(Date.now()) });
      const headers: Record<string, string> = {};
      if (options.secret !== null) headers['x-life-sign'] = signSpi(options.secret ?? CLIENT_SECRET, query, Buffer.alloc(0));
      const reply = await invoke('sku', new URL(`http://unit/poi/ext/hotel/sku?${query}`), '', headers, 'GET');
      return JSON.parse(String(reply.body)) as Record<string, unknown> & { error_code: number };
    },
    async hotelPost(route, body, options = {}) {
      const text = options.rawBody ?? JSON.stringify(body);
      const query = new URLSearchParams({ client_key: CLIENT_KEY, timestamp: String(Date.now()) });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.secret !== null) headers['x-life-sign'] = signSpi(options.secret ?? CLIENT_SECRET, query, Buffer.from(text));
      const url = new URL(`http://unit/douyin/hotel/${route}?${query}`);
      const reply = await invoke(`hotel-${route}`, url, text, headers);
      if (reply.statusCode !== 200) throw new Error(`HTTP ${reply.statusCode}`);
      const json = JSON.parse(String(reply.body)) as {
        data: Record<string, unknown> & { error_code: number; description: string };
      };
      // `whole`: the reply as sent, envelope and all (its code kept where the caller reads it).
      return options.whole === true
        ? { ...json, error_code: json.data.error_code, description: json.data.description }
        : json.data;
    },
    async partnerPost(route, xml) {
      const reply = await invoke(route, new URL(`http://unit/${route}`), xml, { 'content-type': 'application/xml' });
      return String(reply.body);
    },
    async admin(method, pathAndQuery, options = {}) {
      const url = new URL(`http://unit${pathAndQuery}`);
      const route = matchRoute(method, url.pathname);
      if (route === undefined) throw new Error(`no route ${method} ${url.pathname}`);
      const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      const body = options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
      const routeKey = `${method} ${route.path}`;
      const request = {
        method,
        url,
        routeKey,
        headers,
        body,
        ...(route.params === undefined ? {} : { pathParameters: route.params }),
      };
      const reply = await call(route.functionName, request, route.timeoutMs ?? ANSWER_WITHIN_MS);
      return { status: reply.statusCode ?? 200, body: JSON.parse(String(reply.body)) as Record<string, unknown> };
    },
    async drain({ rounds = 20 } = {}) {
      const { handler } = (await import('../../../functions/sync-worker.js')) as unknown as { handler: SqsHandler };
      for (let round = 0; round < rounds; round++) {
        const received = queue.receive();
        if (received.length === 0) return;
        const event = sqsEvent(
          received.map(({ message, receipt }, index) => ({
            MessageId: `m${round}-${index}`,
            ReceiptHandle: receipt,
            Body: JSON.stringify(message),
          })),
          'arn:aws:sqs:local:000000000000:unit',
        );
        await handler(event, lambdaContext('sync-worker', 60_000));
      }
    },
    async stop() {
      await douyin.stop();
      await ax.stop();
    },
  };
}
