/**
 * The partner endpoint's middy middleware: 64 KiB limit → hostile-XML refusal → parse → dispatch on the
 * root element → zod → authentication → (handler) → XML, errors in the request's own root.
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

export interface PartnerRequest {
  body: SearchOrderRequest;
  requestId: string;
  receivedAt: number;
  username: string;
  matchedOrderId?: string;
  /** The AuthenticationToken checked out: only then is the body kept. */
  authenticated?: boolean;
}

export type PartnerEvent = APIGatewayProxyEventV2 & { partner: PartnerRequest; partnerRoot?: string };

type Request = { event: PartnerEvent; context: Context; response: unknown; error: unknown };

function xmlReply(document: Record<string, unknown>): APIGatewayProxyStructuredResultV2 {
  return { statusCode: 200, headers: { 'content-type': 'application/xml; charset=utf-8' }, body: buildXml(document) };
}

export function partnerXml(): MiddlewareObj<PartnerEvent> {
  const before = async (request: Request): Promise<void> => {
    const { event } = request;
    const receivedAt = Date.now();
    const requestId = requestIdOf(event, request.context.awsRequestId);
    event.partner = { requestId, receivedAt, username: '' } as PartnerRequest;
    const body = rawBody(event);
    if (body.length > BODY_LIMIT_BYTES) {
      throw new PartnerError(
        PartnerCode.InvalidRequest,
        `body of ${body.length} bytes is larger than the ${BODY_LIMIT_BYTES}-byte limit`,
      );
    }
    const { root, content } = parseXmlRequest(body.toString('utf8'));
    event.partnerRoot = root;
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
      nowSeconds: Math.floor(receivedAt / 1000),
    });
    if (!check.ok) {
      logger.warn('partner authentication failed', { requestId, username: token.Username, reason: check.reason });
      throw new PartnerError(PartnerCode.AuthFailed, 'authentication failed');
    }
    Object.assign(event.partner, { body: parsed.data, username: token.Username, authenticated: true });
  };

  const finish = (request: Request, code: string, description: string) => {
    const partner = request.event.partner ?? { requestId: request.context.awsRequestId, receivedAt: Date.now() };
    return recordInbound(request.event, 'partner request', {
      route: 'searchOrder',
      requestId: partner.requestId,
      receivedAt: partner.receivedAt,
      kind: code === 'OK' ? 'ok' : code === PartnerCode.SystemException ? 'failed' : 'rejected',
      code,
      description,
      matchedOrderId: partner.matchedOrderId,
      authenticated: partner.authenticated === true,
      error: request.error,
      fields: { orderId: partner.matchedOrderId, partner: partner.username, outcome: code },
    });
  };

  return {
    before,
    after: async (request) => {
      const content = request.response as Record<string, unknown>;
      request.response = xmlReply({ SearchOrderResponse: content });
      await finish(request, 'OK', String(content.OrderStatus));
    },
    onError: async (request) => {
      const error =
        request.error instanceof PartnerError
          ? request.error
          : new PartnerError(PartnerCode.SystemException, 'temporary failure, please retry', { cause: request.error });
      const root = responseRootOf(request.event.partnerRoot ?? SUPPORTED_ROOT);
      request.response = xmlReply({
        [root]: { ResponseTimestamp: Math.floor(Date.now() / 1000), Error: { Code: error.code, Message: error.message } },
      });
      await finish(request, error.code, error.message);
    },
  };
}
