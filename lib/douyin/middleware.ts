/**
 * The Douyin SPI's middy middlewares, after the shared record-keeping one (lib/http/inbound.ts): the
 * signature over the raw bytes, the JSON body (or the query, for a GET) checked by its zod schema, and the
 * envelope that turns the domain's answer, or its error, into Douyin's reply and the request's outcome.
 * Data flows one way: the body middleware gives the handler its input (`event.spi`), the domain answers with
 * a value (an SpiAnswer, or a HubError), and the envelope reads that value.
 */

import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { getConfig } from '../config/config.js';
import { douyinCredentials } from '../config/secrets.js';
import { ErrorCode, HubError } from '../errors.js';
import { header } from '../http/api-event.js';
import { arrivalOf, type InboundInternal, type InboundRequest, inboundRecord } from '../http/inbound.js';
import { Counter, count } from '../observability/logger.js';
import type { OrderRef } from '../orders/index.js';
import { describeIssue } from '../validation/issues.js';
import { DOUYIN } from './channel.js';
import { douyinReply } from './envelope.js';
import { douyinRefusal } from './refusals.js';
import { verifySpi } from './signature.js';

/** What the domain gets: the validated body (or query) and the request's identity. It answers with a value. */
export interface SpiInput<T> {
  readonly body: T;
  readonly requestId: string;
  readonly receivedAt: number;
}

/** The fields Douyin reads beside error_code and description. */
type SpiFields = Record<string, unknown>;

/** The domain's answer to one SPI request. */
export interface SpiAnswer {
  fields: SpiFields;
  /** The answer's `data` instead of the flat fields repeated (the price pull's list). */
  data?: unknown;
  /** The stored order the request concerns: its history goes there. */
  matched?: OrderRef;
  /** A repeat that changed nothing (or only what a repeat may). */
  duplicate?: boolean;
  /** The queue send the request made, awaited beside the history write; it never rejects. */
  sending?: Promise<void>;
}

export type SpiEvent<T> = APIGatewayProxyEventV2 & { spi: SpiInput<T> };
/** What the chain's handler returns (an SpiAnswer), and what the envelope turns it into. */
export type SpiResult = SpiAnswer | APIGatewayProxyStructuredResultV2;

type SpiMiddleware<T> = MiddlewareObj<SpiEvent<T>, SpiResult, Error, Context, InboundInternal>;

/** The refusal while the client secret is unset (a new stack before the operator fills its secret): fail closed. */
export const SECRET_UNSET = 'signature: the Douyin client secret is not configured, so no request can be verified';

/**
 * Why a Douyin request's `x-life-sign` over the raw body and the query fails (SPEC §2), or undefined when it
 * holds or the configuration turns the check off; marks the arrival authenticated when it holds. Both Douyin
 * families sign so; each answers the reason in its own envelope.
 */
export async function douyinSignatureProblem(
  request: InboundRequest<APIGatewayProxyEventV2, unknown>,
): Promise<string | undefined> {
  const arrival = arrivalOf(request);
  if (getConfig().douyin.signature === 'required') {
    const { clientSecret } = await douyinCredentials();
    if (clientSecret === undefined) {
      count(Counter.CredentialUnset, { name: 'credential', value: 'douyin' });
      return SECRET_UNSET;
    }
    const check = verifySpi({
      clientSecret,
      query: new URLSearchParams(request.event.rawQueryString ?? ''),
      body: arrival.body,
      signature: header(request.event, 'x-life-sign'),
      now: arrival.receivedAt,
    });
    if (!check.ok) return `signature: ${check.reason}`;
  }
  arrival.authenticated = true;
  return undefined;
}

/** Checks `x-life-sign` (douyinSignatureProblem); a failure is 40101. */
function douyinSignature<T>(): SpiMiddleware<T> {
  return {
    before: async (request: InboundRequest<SpiEvent<T>>) => {
      const problem = await douyinSignatureProblem(request as InboundRequest<APIGatewayProxyEventV2, unknown>);
      if (problem !== undefined) throw new HubError(ErrorCode.BadSignature, problem);
    },
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HubError(ErrorCode.BadRequest, 'body: is not JSON');
  }
}

/**
 * Reads the request's input, the JSON body (or with `from: 'query'` the query parameters), by its schema,
 * and hands it to the handler as `event.spi`.
 */
function douyinInput<S extends z.ZodMiniType>(schema: S, options: { from?: 'body' | 'query' } = {}): SpiMiddleware<z.output<S>> {
  const readInput = (request: InboundRequest<SpiEvent<z.output<S>>>): void => {
    const arrival = arrivalOf(request);
    const input =
      options.from === 'query'
        ? Object.fromEntries(new URLSearchParams(request.event.rawQueryString ?? ''))
        : parseJson(arrival.body);
    const named = (input as { order_id?: unknown } | null)?.order_id;
    if (typeof named === 'string') arrival.claimed = { channel: DOUYIN, orderId: named };
    const parsed = schema.safeParse(input);
    if (!parsed.success) throw new HubError(ErrorCode.BadRequest, describeIssue(parsed.error, input));
    request.event.spi = { body: parsed.data, requestId: arrival.requestId, receivedAt: arrival.receivedAt };
  };
  return { before: readInput };
}

function isSpiAnswer(response: unknown): response is SpiAnswer {
  return typeof response === 'object' && response !== null && 'fields' in response;
}

/** Turns the domain's answer or its error into Douyin's reply (always HTTP 200) and the request's outcome. */
function douyinEnvelope<T>(): SpiMiddleware<T> {
  const reply = (request: InboundRequest<SpiEvent<T>, SpiResult>, code: ErrorCode, description: string, answer: SpiAnswer) => {
    const arrival = arrivalOf(request);
    request.response = douyinReply(code, description, answer.fields, arrival.requestId, answer.data);
    request.internal.outcome = {
      kind: code === ErrorCode.Ok ? 'ok' : code === ErrorCode.Temporary ? 'failed' : 'rejected',
      code,
      description,
      matched: answer.matched,
      duplicate: answer.duplicate,
      fields: { orderId: arrival.claimed?.orderId, orderExtId: answer.fields.order_ext_id, errorCode: code },
      alongside: answer.sending,
    };
  };
  return {
    after: (request) => {
      const answer = request.response;
      if (!isSpiAnswer(answer)) throw new HubError(ErrorCode.Temporary, 'the handler gave no answer');
      reply(request, ErrorCode.Ok, 'success', answer);
    },
    onError: (request) => {
      const error = douyinRefusal(request.error);
      const matched = error.orderId === undefined ? undefined : { channel: DOUYIN, orderId: error.orderId };
      reply(request, error.code, error.message, { fields: {}, matched });
    },
  };
}

/**
 * The whole Douyin chain after the Powertools middlewares: record-keeping, signature, input, envelope.
 * @example middy<SpiEvent<CommitRequest>, SpiResult, Error, Context, InboundInternal>().use(douyinSpi('commit', commitRequestSchema)).handler((event) => commitOrder(event.spi))
 */
export function douyinSpi<S extends z.ZodMiniType>(route: string, schema: S, options: { from?: 'body' | 'query' } = {}) {
  return [
    inboundRecord({ route, channel: DOUYIN, subject: 'request' }),
    douyinSignature<z.output<S>>(),
    douyinInput(schema, options),
    douyinEnvelope<z.output<S>>(),
  ];
}
