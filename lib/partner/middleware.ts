/**
 * The partner's middy middlewares, after the shared record-keeping one (lib/http/inbound.ts): the XML body
 * (hostile documents refused, the method found by its root element), the AuthenticationToken, and the
 * envelope that answers in the method's own response root, errors included. One Lambda serves one method
 * or, at the single address, all of them: the method table decides which roots it takes.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { partnerPasswords } from '../config/secrets.js';
import { arrivalOf, type InboundInternal, type InboundRequest, inboundRecord } from '../http/inbound.js';
import { Counter, count, logger } from '../observability/logger.js';
import type { OrderRef } from '../orders/index.js';
import { describeIssue } from '../validation/issues.js';
import { verifyPartner } from './auth.js';
import { PARTNER } from './channel.js';
import { PartnerCode, PartnerError, partnerRefusal } from './errors.js';
import { authenticationTokenSchema } from './schema.js';
import { buildXml, parseXmlRequest, responseRootOf, sniffRoot } from './xml.js';

/** What a method gets: its validated request, and who sent it. */
export interface PartnerInput<T> {
  readonly body: T;
  readonly requestId: string;
  readonly receivedAt: number;
  readonly username: string;
}

/** A method's answer: the response's content (without its root and timestamp) and what the request touched. */
export interface PartnerAnswer {
  content: Record<string, unknown>;
  /** The stored order the request concerns: its history goes there. */
  matched?: OrderRef;
  duplicate?: boolean;
  /** What the request did, in a word for the log and the history (an order status, a count of rates). */
  summary?: string;
  /** The queue send the request made, awaited beside the history write. */
  sending?: Promise<void>;
}

/** The parsed request on its way to its method: its root, its content and who sent it. */
interface PartnerRequest {
  readonly method: PartnerMethod;
  readonly content: Record<string, unknown>;
  readonly requestId: string;
  readonly receivedAt: number;
  readonly username: string;
}

/** A partner method: its request root, the route it is counted under, and how it answers a parsed request. */
export interface PartnerMethod {
  readonly root: string;
  readonly route: string;
  run(request: PartnerRequest): Promise<PartnerAnswer>;
}

/**
 * A method from its schema and its domain function; the schema reads the request's content (every value
 * a string) and its first issue is the INVALID_REQUEST message, naming the element.
 * @example partnerMethod({ root: 'SearchOrderRequest', route: 'searchOrder', schema: searchOrderRequestSchema, handle: searchOrder })
 */
export function partnerMethod<S extends z.ZodMiniType>(spec: {
  root: string;
  route: string;
  schema: S;
  handle: (input: PartnerInput<z.output<S>>) => Promise<PartnerAnswer>;
}): PartnerMethod {
  return {
    root: spec.root,
    route: spec.route,
    run: (request) => {
      const parsed = spec.schema.safeParse(request.content);
      if (!parsed.success) throw new PartnerError(PartnerCode.InvalidRequest, describeIssue(parsed.error, request.content));
      const { requestId, receivedAt, username } = request;
      return spec.handle({ body: parsed.data, requestId, receivedAt, username });
    },
  };
}

export type PartnerEvent = APIGatewayProxyEventV2 & { partner: PartnerRequest };
export type PartnerResult = PartnerAnswer | APIGatewayProxyStructuredResultV2;
/** The partner chain's state: the inbound record's, and the request's root once read (errors answer in it). */
export type PartnerInternal = InboundInternal & { root?: string };
type PartnerMiddleware = MiddlewareObj<PartnerEvent, PartnerResult, Error, Context, PartnerInternal>;
type PartnerRequestOf = InboundRequest<PartnerEvent, PartnerResult> & { internal: PartnerInternal };

/** Reads the XML body and finds its method by the root element; another root is UNSUPPORTED_REQUEST in its own root. */
function partnerXml(methods: readonly PartnerMethod[]): PartnerMiddleware {
  const byRoot = new Map(methods.map((method) => [method.root, method]));
  const readXml = (request: PartnerRequestOf): void => {
    const arrival = arrivalOf(request);
    const { root, content } = parseXmlRequest(arrival.body.toString('utf8'));
    request.internal.root = root;
    const method = byRoot.get(root);
    if (method === undefined) throw new PartnerError(PartnerCode.UnsupportedRequest, `${root} is not supported here`);
    arrival.route = method.route;
    request.event.partner = { method, content, requestId: arrival.requestId, receivedAt: arrival.receivedAt, username: '' };
  };
  return { before: readXml };
}

/** Every request's token, read before the method's own schema: a stranger learns nothing of the rest. */
const tokenOnly = z.looseObject({ AuthenticationToken: authenticationTokenSchema });

/** Checks the AuthenticationToken (SPEC §3): the partner is told "authentication failed" whatever part was wrong. */
function partnerAuth(): PartnerMiddleware {
  const authenticate = async (request: PartnerRequestOf): Promise<void> => {
    const arrival = arrivalOf(request);
    const { content } = request.event.partner;
    const token = tokenOnly.safeParse(content);
    if (!token.success) throw new PartnerError(PartnerCode.InvalidRequest, describeIssue(token.error, content));
    const passwords = await partnerPasswords();
    if (passwords.size === 0) count(Counter.CredentialUnset, { name: 'credential', value: 'partner' });
    const { Username: username, RequestTimestamp: timestamp, Signature: signature } = token.data.AuthenticationToken;
    const check = verifyPartner({ username, timestamp, signature, passwords, nowSeconds: Math.floor(arrival.receivedAt / 1000) });
    if (!check.ok) {
      logger.warn('partner authentication failed', { requestId: arrival.requestId, username, reason: check.reason });
      throw new PartnerError(PartnerCode.AuthFailed, 'authentication failed');
    }
    arrival.authenticated = true;
    arrival.fields.partner = username;
    request.event.partner = { ...request.event.partner, username };
  };
  return { before: authenticate };
}

function xmlReply(document: Record<string, unknown>): APIGatewayProxyStructuredResultV2 {
  return { statusCode: 200, headers: { 'content-type': 'application/xml; charset=utf-8' }, body: buildXml(document) };
}

function isPartnerAnswer(response: unknown): response is PartnerAnswer {
  return typeof response === 'object' && response !== null && 'content' in response;
}

/** The method's answer, or its error, in the method's own response root (HTTP 200 either way). */
function partnerEnvelope(fallbackRoot: string): PartnerMiddleware {
  const root = (request: PartnerRequestOf) =>
    responseRootOf(request.internal.root ?? sniffRoot(arrivalOf(request).body.toString('utf8')) ?? fallbackRoot);
  const timestamp = () => Math.floor(Date.now() / 1000);
  return {
    after: (request) => {
      const answer = request.response;
      if (!isPartnerAnswer(answer)) throw new PartnerError(PartnerCode.SystemException, 'the method gave no answer');
      request.response = xmlReply({ [root(request)]: { ResponseTimestamp: timestamp(), ...answer.content } });
      request.internal.outcome = {
        kind: 'ok',
        code: 'OK',
        description: answer.summary ?? 'OK',
        matched: answer.matched,
        duplicate: answer.duplicate,
        fields: { orderId: answer.matched?.orderId, outcome: 'OK' },
        alongside: answer.sending,
      };
    },
    onError: (request) => {
      const { error } = request;
      const refusal = partnerRefusal(error);
      request.response = xmlReply({
        [root(request)]: { ResponseTimestamp: timestamp(), Error: { Code: refusal.code, Message: refusal.message } },
      });
      request.internal.outcome = {
        kind: refusal.code === PartnerCode.SystemException ? 'failed' : 'rejected',
        code: refusal.code,
        description: refusal.message,
        matched: refusal.matched,
        fields: { orderId: refusal.matched?.orderId, outcome: refusal.code },
      };
    },
  };
}

/**
 * The whole partner chain after the Powertools middlewares, for one method or (at the single address) all.
 * @example middy<PartnerEvent, PartnerResult, Error, Context, PartnerInternal>().use(partnerChain('searchOrder', [SEARCH_ORDER])).handler((event) => event.partner.method.run(event.partner))
 */
export function partnerChain(route: string, methods: readonly PartnerMethod[]) {
  return [
    inboundRecord({ route, channel: PARTNER, subject: 'partner request' }),
    partnerXml(methods),
    partnerAuth(),
    partnerEnvelope(methods[0]?.root ?? 'PartnerRequest'),
  ];
}
