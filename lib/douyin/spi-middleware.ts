/**
 * The middy middleware every Douyin SPI endpoint shares: body limit → signature over the raw bytes →
 * JSON → zod → (handler) → envelope, with every request appended to history and counted. Data flows one
 * way: the middleware gives the handler its input (`event.spi`), the domain answers with a value (an
 * SpiAnswer, or a HubError), and the `after`/`onError` hooks read that value.
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
import type { SpiAnswer, SpiInput } from './spi-orders.js';

export type SpiEvent<T> = APIGatewayProxyEventV2 & { spi: SpiInput<T> };

/** What the middleware itself learns of a request on the way in, for its history entry and log line. */
interface Arrival {
  requestId: string;
  receivedAt: number;
  /** The order_id the body names, even when the body is then refused (for logs and unmatched history). */
  claimedOrderId?: string;
  /** The signature checked out (or is off): only then is the body kept. */
  authenticated: boolean;
}

type Request<T> = {
  event: SpiEvent<T>;
  context: Context;
  response: APIGatewayProxyStructuredResultV2 | SpiAnswer | undefined;
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
 * @example middy<SpiEvent<CommitRequest>>().use(douyinSpi('commit', commitRequestSchema)).handler((event) => commitOrder(event.spi))
 */
export function douyinSpi<S extends z.ZodMiniType>(route: string, schema: S): MiddlewareObj<SpiEvent<z.output<S>>> {
  const arrivals = new WeakMap<object, Arrival>();

  const before = async (request: Request<z.output<S>>): Promise<void> => {
    const { event } = request;
    const arrival: Arrival = {
      requestId: requestIdOf(event, request.context.awsRequestId),
      receivedAt: Date.now(),
      authenticated: false,
    };
    arrivals.set(event, arrival);
    const body = rawBody(event);
    if (body.length > BODY_LIMIT_BYTES) {
      throw new HubError(ErrorCode.TooLarge, `body: ${body.length} bytes is larger than the ${BODY_LIMIT_BYTES}-byte limit`);
    }
    await checkSignature(event, body, arrival.receivedAt);
    arrival.authenticated = true;
    const json = parseJson(body);
    const named = (json as { order_id?: unknown } | null)?.order_id;
    if (typeof named === 'string') arrival.claimedOrderId = named;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new HubError(ErrorCode.BadRequest, describeIssue(parsed.error, json));
    event.spi = { body: parsed.data, requestId: arrival.requestId, receivedAt: arrival.receivedAt };
  };

  const finish = async (request: Request<z.output<S>>, code: ErrorCode, description: string, answer: SpiAnswer) => {
    const { event } = request;
    const arrival = arrivals.get(event) ?? {
      requestId: request.context.awsRequestId,
      receivedAt: Date.now(),
      authenticated: false,
    };
    request.response = douyinReply(code, description, answer.fields, arrival.requestId);
    await recordInbound(
      event,
      'request',
      {
        route,
        requestId: arrival.requestId,
        receivedAt: arrival.receivedAt,
        kind: code === ErrorCode.Ok ? 'ok' : code === ErrorCode.Temporary ? 'failed' : 'rejected',
        code,
        description,
        matchedOrderId: answer.matchedOrderId,
        claimedOrderId: arrival.claimedOrderId,
        authenticated: arrival.authenticated,
        duplicate: answer.duplicate,
        error: request.error,
        fields: { orderId: arrival.claimedOrderId, orderExtId: answer.fields.order_ext_id, errorCode: code },
      },
      answer.sending === undefined ? [] : [answer.sending],
    );
  };

  return {
    before,
    after: async (request) => finish(request, ErrorCode.Ok, 'success', request.response as SpiAnswer),
    onError: async (request) => {
      const error = toHubError(request.error);
      await finish(request, error.code, error.message, { fields: {}, matchedOrderId: error.orderId });
    },
  };
}
