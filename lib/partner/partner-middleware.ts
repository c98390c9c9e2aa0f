/**
 * The partner endpoint's middy middleware: 64 KiB limit → hostile-XML refusal → parse → dispatch on the
 * root element → zod → authentication → (handler) → XML, errors in the request's own root. Data flows one
 * way: the handler gets its input (`event.partner`) and answers with a value (a PartnerAnswer).
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { partnerPasswords } from '../config/secrets.js';
import { BODY_LIMIT_BYTES, rawBody, requestIdOf } from '../http/api-event.js';
import { recordInbound } from '../http/inbound.js';
import { Counter, count, logger } from '../observability/logger.js';
import { describeIssue } from '../validation/issues.js';
import { verifyPartner } from './auth.js';
import { PartnerCode, PartnerError } from './errors.js';
import { type SearchOrderRequest, searchOrderRequestSchema } from './schema.js';
import { buildXml, parseXmlRequest, responseRootOf } from './xml.js';

const SUPPORTED_ROOT = 'SearchOrderRequest';

/** What the handler gets: the validated, authenticated request. */
export interface PartnerInput {
  readonly body: SearchOrderRequest;
  readonly requestId: string;
  readonly receivedAt: number;
  readonly username: string;
}

/** The handler's answer: the response's content (without its root) and the order it matched. */
export interface PartnerAnswer {
  content: Record<string, unknown>;
  matchedOrderId?: string;
}

export type PartnerEvent = APIGatewayProxyEventV2 & { partner: PartnerInput };

/** What the middleware itself learns of a request on the way in. */
interface Arrival {
  requestId: string;
  receivedAt: number;
  /** The request's root element, once parsed: errors answer in its response root. */
  root?: string;
  username: string;
  /** The AuthenticationToken checked out: only then is the body kept. */
  authenticated: boolean;
}

type Request = { event: PartnerEvent; context: Context; response: unknown; error: unknown };

function xmlReply(document: Record<string, unknown>): APIGatewayProxyStructuredResultV2 {
  return { statusCode: 200, headers: { 'content-type': 'application/xml; charset=utf-8' }, body: buildXml(document) };
}

export function partnerXml(): MiddlewareObj<PartnerEvent> {
  const arrivals = new WeakMap<object, Arrival>();

  const before = async (request: Request): Promise<void> => {
    const { event } = request;
    const arrival: Arrival = {
      requestId: requestIdOf(event, request.context.awsRequestId),
      receivedAt: Date.now(),
      username: '',
      authenticated: false,
    };
    arrivals.set(event, arrival);
    const body = rawBody(event);
    if (body.length > BODY_LIMIT_BYTES) {
      throw new PartnerError(
        PartnerCode.InvalidRequest,
        `body of ${body.length} bytes is larger than the ${BODY_LIMIT_BYTES}-byte limit`,
      );
    }
    const { root, content } = parseXmlRequest(body.toString('utf8'));
    arrival.root = root;
    if (root !== SUPPORTED_ROOT) throw new PartnerError(PartnerCode.UnsupportedRequest, `${root} is not supported here`);
    const parsed = searchOrderRequestSchema.safeParse(content);
    if (!parsed.success) throw new PartnerError(PartnerCode.InvalidRequest, describeIssue(parsed.error, content));
    const token = parsed.data.AuthenticationToken;
    const passwords = await partnerPasswords();
    if (passwords.size === 0) count(Counter.CredentialUnset, { name: 'credential', value: 'partner' });
    const check = verifyPartner({
      username: token.Username,
      timestamp: token.RequestTimestamp,
      signature: token.Signature,
      passwords,
      nowSeconds: Math.floor(arrival.receivedAt / 1000),
    });
    if (!check.ok) {
      logger.warn('partner authentication failed', {
        requestId: arrival.requestId,
        username: token.Username,
        reason: check.reason,
      });
      throw new PartnerError(PartnerCode.AuthFailed, 'authentication failed');
    }
    Object.assign(arrival, { username: token.Username, authenticated: true });
    event.partner = { body: parsed.data, requestId: arrival.requestId, receivedAt: arrival.receivedAt, username: token.Username };
  };

  const finish = (request: Request, code: string, description: string, matchedOrderId: string | undefined) => {
    const arrival = arrivals.get(request.event) ?? {
      requestId: request.context.awsRequestId,
      receivedAt: Date.now(),
      username: '',
      authenticated: false,
    };
    return recordInbound(request.event, 'partner request', {
      route: 'searchOrder',
      requestId: arrival.requestId,
      receivedAt: arrival.receivedAt,
      kind: code === 'OK' ? 'ok' : code === PartnerCode.SystemException ? 'failed' : 'rejected',
      code,
      description,
      matchedOrderId,
      authenticated: arrival.authenticated,
      error: request.error,
      fields: { orderId: matchedOrderId, partner: arrival.username, outcome: code },
    });
  };

  return {
    before,
    after: async (request) => {
      const { content, matchedOrderId } = request.response as PartnerAnswer;
      request.response = xmlReply({ SearchOrderResponse: content });
      await finish(request, 'OK', String(content.OrderStatus), matchedOrderId);
    },
    onError: async (request) => {
      const error =
        request.error instanceof PartnerError
          ? request.error
          : new PartnerError(PartnerCode.SystemException, 'temporary failure, please retry', { cause: request.error });
      const root = responseRootOf(arrivals.get(request.event)?.root ?? SUPPORTED_ROOT);
      request.response = xmlReply({
        [root]: { ResponseTimestamp: Math.floor(Date.now() / 1000), Error: { Code: error.code, Message: error.message } },
      });
      await finish(request, error.code, error.message, undefined);
    },
  };
}
