/**
 * What every inbound request leaves behind, whichever partner sent it: one log line by outcome, the
 * counters, and its entry in the order's history (or the unmatched history). Bodies, names and phone
 * numbers go to the history only, never to the log, and a body only once its sender is authenticated.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Counter, count, logger } from '../observability/logger.js';
import { appendHistory } from '../store/history-store.js';
import { BODY_LIMIT_BYTES, keptHeaders, rawBody } from './api-event.js';

export interface InboundOutcome {
  route: string;
  requestId: string;
  receivedAt: number;
  /** How it ended: answered, refused for the caller's mistake, or failed on our side. */
  kind: 'ok' | 'rejected' | 'failed';
  code: number | string;
  description: string;
  /** The stored order the request was tied to; its history goes there. */
  matchedOrderId?: string;
  /** The order id the caller named, kept with unmatched history. */
  claimedOrderId?: string;
  /** Whether the caller proved who it is (or the check is off): only then is its body kept. */
  authenticated: boolean;
  duplicate?: boolean;
  error?: unknown;
  /** Log fields in the partner's words (order ids, error code, partner user). */
  fields: Record<string, unknown>;
}

/** Who the log lines speak of: "request handled", or "partner request handled". */
export type Subject = 'request' | 'partner request';

/**
 * Logs, counts and keeps one inbound request; `alongside` is other I/O to await with the history write.
 * @example await recordInbound(event, 'request', { route: 'commit', kind: 'ok', code: 0, … })
 */
export async function recordInbound(
  event: APIGatewayProxyEventV2,
  subject: Subject,
  outcome: InboundOutcome,
  alongside: Promise<unknown>[] = [],
): Promise<void> {
  const latencyMs = Date.now() - outcome.receivedAt;
  const log = { route: outcome.route, requestId: outcome.requestId, ...outcome.fields, latencyMs };
  if (outcome.kind === 'ok') logger.info(outcome.duplicate ? `duplicate ${subject}` : `${subject} handled`, log);
  else if (outcome.kind === 'failed') logger.error(`${subject} failed`, { ...log, error: outcome.error as Error });
  else logger.warn(`${subject} rejected`, { ...log, description: outcome.description });
  count(Counter.Received, { name: 'route', value: outcome.route });
  if (outcome.duplicate) count(Counter.Duplicate, { name: 'route', value: outcome.route });
  if (outcome.kind !== 'ok') {
    count(Counter.Rejected, [
      { name: 'route', value: outcome.route },
      { name: 'errorCode', value: String(outcome.code) },
    ]);
  }
  const orderId = outcome.matchedOrderId ?? outcome.claimedOrderId;
  const body = rawBody(event);
  const history = appendHistory(
    {
      route: outcome.route,
      requestId: outcome.requestId,
      at: outcome.receivedAt,
      ...(outcome.authenticated ? { rawBody: body.subarray(0, BODY_LIMIT_BYTES).toString('utf8') } : {}),
      bodyBytes: body.length,
      bodySha256: createHash('sha256').update(body).digest('hex'),
      authenticated: outcome.authenticated,
      headers: keptHeaders(event),
      outcome: { code: outcome.code, description: outcome.description },
      ...(orderId === undefined ? {} : { orderId }),
      latencyMs,
    },
    outcome.matchedOrderId !== undefined,
  ).catch((error: unknown) =>
    logger.error('history not written', { route: outcome.route, requestId: outcome.requestId, error: error as Error }),
  );
  // Independent once the state is written (e.g. the queue send): one round trip, not two.
  await Promise.all([history, ...alongside]);
}
