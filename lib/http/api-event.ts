/** Small readers over API Gateway HTTP API (v2) events shared by the Douyin and partner endpoints. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** Bodies above this size are refused (SPEC §2, §3). */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** The body exactly as sent: base64-decoded when API Gateway encoded it. */
export function rawBody(event: APIGatewayProxyEventV2): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/** A header by lowercase name (API Gateway v2 lowercases names; the local stack does too). */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name] ?? undefined;
}

/** The request id API Gateway gave this call (also Douyin's `extra.logid` in our replies). */
export function requestIdOf(event: APIGatewayProxyEventV2, fallback: string): string {
  return event.requestContext?.requestId ?? fallback;
}

const KEPT_HEADERS = ['content-type', 'user-agent', 'x-life-clientkey', 'x-bytedance-logid', 'content-length'];
/** Header values are the caller's to size: each is kept this long at most. */
const HEADER_KEPT_CHARS = 256;

/** The headers worth keeping in an order's history: tracing ids and content type, never signatures. */
export function keptHeaders(event: APIGatewayProxyEventV2): Record<string, string> {
  const kept: Record<string, string> = {};
  const keep = (name: string, value: string | null | undefined) => {
    if (value !== undefined && value !== null) kept[name] = value.slice(0, HEADER_KEPT_CHARS);
  };
  for (const name of KEPT_HEADERS) keep(name, header(event, name));
  const query = new URLSearchParams(event.rawQueryString ?? '');
  for (const name of ['client_key', 'timestamp']) keep(`query.${name}`, query.get(name));
  return kept;
}
