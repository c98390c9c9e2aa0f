/**
 * The middy middleware every Douyin SPI endpoint shares: body limit → signature over the raw bytes →
 * JSON → zod → (handler) → envelope, with every request appended to history and counted.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { getConfig } from '../config/config.js';
import { douyinCredentials } from '../config/secrets.js';
import { ErrorCode, HubError, toHubError } from '../errors.js';
import { BODY_LIMIT_BYTES, header, keptHeaders, rawBody, requestIdOf } from '../http/api-event.js';
import { Counter, count, logger } from '../observability/logger.js';
import { appendHistory } from '../store/history-store.js';
import { douyinReply } from './envelope.js';
import { describeIssue } from './schemas.js';
import { verifySpi } from './signature.js';

/** What the handler gets: the validated body and a place to say which order the request matched. */
export interface SpiRequest<T> {
  body: T;
  requestId: string;
  receivedAt: number;
  /** Set by the domain once the request is tied to a stored order; its history then goes on that order. */
  matchedOrderId?: string;
  duplicate?: boolean;
  /** Sends to the queue that the domain started after its write; awaited beside the history write. */
  pending: Promise<void>[];
  /** The order_id the body names, even when the body is then refused (for logs and unmatched history). */
  claimedOrderId?: string;
}

export type SpiEvent<T> = APIGatewayProxyEventV2 & { spi: SpiRequest<T> };

/** The domain's answer: the fields Douyin reads beside error_code and description. */
export type SpiFields = Record<string, string | number>;

type Request<T> = {
  event: SpiEvent<T>;
  context: Context;
  response: APIGatewayProxyStructuredResultV2 | SpiFields | undefined;
  error: unknown;
};

async function checkSignature(event: APIGatewayProxyEventV2, body: Buffer, now: number): Promise<void> {
  if (getConfig().douyin.signature !== 'required') return;
  const { clientSecret } = await douyinCredentials();
  if (clientSecret === undefined) throw new Error('DOUYIN_SIGNATURE is required but no client secret is configured');
  const check = verifySpi({
    clientSecret,
    query: new URLSearchParams(event.rawQueryString ?? ''),
    body,
    signature: header(event, 'x-life-sign'),
    now,
  });
  if (!check.ok) throw new HubError(ErrorCode.BadSignature, `signature: ${check.reason}`);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HubError(ErrorCode.BadRequest, 'body: is not JSON');
  }
}

/**
 * @example middy<SpiEvent<CommitRequest>>().use(douyinSpi('commit', commitRequestSchema)).handler(…)
 */
export function douyinSpi<S extends z.ZodType>(route: string, schema: S): MiddlewareObj<SpiEvent<z.output<S>>> {
  const before = async (request: Request<z.output<S>>): Promise<void> => {
    const { event } = request;
    const receivedAt = Date.now();
    const requestId = requestIdOf(event, request.context.awsRequestId);
    event.spi = { body: undefined as z.output<S>, requestId, receivedAt, pending: [] };
    const body = rawBody(event);
    if (body.length > BODY_LIMIT_BYTES) {
      throw new HubError(ErrorCode.TooLarge, `body: ${body.length} bytes is larger than the ${BODY_LIMIT_BYTES}-byte limit`);
    }
    await checkSignature(event, body, receivedAt);
    const json = parseJson(body);
    const named = (json as { order_id?: unknown } | null)?.order_id;
    if (typeof named === 'string') event.spi.claimedOrderId = named;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new HubError(ErrorCode.BadRequest, describeIssue(parsed.error as z.ZodError, json));
    event.spi.body = parsed.data;
  };

  const finish = async (request: Request<z.output<S>>, code: number, description: string, fields: SpiFields) => {
    const { event } = request;
    const spi = event.spi ?? { requestId: request.context.awsRequestId, receivedAt: Date.now(), pending: [] };
    const latencyMs = Date.now() - spi.receivedAt;
    request.response = douyinReply(code, description, fields, spi.requestId);
    const claimed = spi.claimedOrderId;
    const log = {
      route,
      requestId: spi.requestId,
      orderId: claimed,
      orderExtId: fields.order_ext_id,
      errorCode: code,
      latencyMs,
    };
    if (code === ErrorCode.Ok) logger.info(spi.duplicate ? 'duplicate request' : 'request handled', log);
    else if (code === ErrorCode.Temporary) logger.error('request failed', { ...log, error: request.error as Error });
    else logger.warn('request rejected', { ...log, description });
    count(Counter.Received, { name: 'route', value: route });
    if (spi.duplicate) count(Counter.Duplicate, { name: 'route', value: route });
    if (code !== ErrorCode.Ok) count(Counter.Rejected, { name: 'errorCode', value: String(code) });
    const body = event.body === undefined ? '' : rawBody(event).subarray(0, BODY_LIMIT_BYTES).toString('utf8');
    const history = appendHistory(
      {
        route,
        requestId: spi.requestId,
        at: spi.receivedAt,
        rawBody: body,
        headers: keptHeaders(event),
        outcome: { code, description },
        orderId: spi.matchedOrderId ?? claimed,
        latencyMs,
      },
      spi.matchedOrderId !== undefined,
    ).catch((error: unknown) => logger.error('history not written', { route, requestId: spi.requestId, error: error as Error }));
    // The queue send and the history entry are independent once the state is written: one round trip, not two.
    await Promise.all([history, ...spi.pending]);
  };

  return {
    before,
    after: async (request) => finish(request, ErrorCode.Ok, 'success', request.response as SpiFields),
    onError: async (request) => {
      const error = toHubError(request.error);
      await finish(request, error.code, error.message, {});
    },
  };
}
