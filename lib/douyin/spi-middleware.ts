/**
 * The middy middleware every Douyin SPI endpoint shares: body limit → signature over the raw bytes →
 * JSON → zod → (handler) → envelope, with every request appended to history and counted.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { getConfig } from '../config/config.js';
import { douyinCredentials } from '../config/secrets.js';
import { ErrorCode, HubError, toHubError } from '../errors.js';
import { BODY_LIMIT_BYTES, header, rawBody, requestIdOf } from '../http/api-event.js';
import { recordInbound } from '../http/inbound.js';
import { Counter, count } from '../observability/logger.js';
import { describeIssue } from '../validation/issues.js';
import { douyinReply } from './envelope.js';
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
  /** The signature checked out (or is off): only then is the body kept. */
  authenticated?: boolean;
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

/** The refusal while the client secret is unset (a new stack before the operator fills its secret): fail closed. */
export const SECRET_UNSET = 'signature: the Douyin client secret is not configured, so no request can be verified';

async function checkSignature(event: APIGatewayProxyEventV2, body: Buffer, now: number): Promise<void> {
  if (getConfig().douyin.signature !== 'required') return;
  const { clientSecret } = await douyinCredentials();
  if (clientSecret === undefined) {
    count(Counter.CredentialUnset, { name: 'credential', value: 'douyin' });
    throw new HubError(ErrorCode.BadSignature, SECRET_UNSET);
  }
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
export function douyinSpi<S extends z.ZodMiniType>(route: string, schema: S): MiddlewareObj<SpiEvent<z.output<S>>> {
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
    event.spi.authenticated = true;
    const json = parseJson(body);
    const named = (json as { order_id?: unknown } | null)?.order_id;
    if (typeof named === 'string') event.spi.claimedOrderId = named;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new HubError(ErrorCode.BadRequest, describeIssue(parsed.error, json));
    event.spi.body = parsed.data;
  };

  const finish = async (request: Request<z.output<S>>, code: ErrorCode, description: string, fields: SpiFields) => {
    const { event } = request;
    const spi = event.spi ?? { requestId: request.context.awsRequestId, receivedAt: Date.now(), pending: [] };
    request.response = douyinReply(code, description, fields, spi.requestId);
    await recordInbound(
      event,
      'request',
      {
        route,
        requestId: spi.requestId,
        receivedAt: spi.receivedAt,
        kind: code === ErrorCode.Ok ? 'ok' : code === ErrorCode.Temporary ? 'failed' : 'rejected',
        code,
        description,
        matchedOrderId: spi.matchedOrderId,
        claimedOrderId: spi.claimedOrderId,
        authenticated: spi.authenticated === true,
        duplicate: spi.duplicate,
        error: request.error,
        fields: { orderId: spi.claimedOrderId, orderExtId: fields.order_ext_id, errorCode: code },
      },
      spi.pending,
    );
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
