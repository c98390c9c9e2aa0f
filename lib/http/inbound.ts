/**
 * The record-keeping middleware every inbound Lambda uses, whichever partner calls it: the body limit, the
 * request's arrival, and once it is answered its log line, its counters and its entry in the order's
 * history (or the unmatched history). It goes first in the chain, so its `after` and `onError` run last,
 * when the partner's envelope middleware has written the answer and the outcome into `request.internal`.
 * Bodies, names and phone numbers go to the history only, never to the log, and a body only once its
 * sender is authenticated.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { ChannelHubError } from '../errors.js';
import { Counter, count, logger } from '../observability/logger.js';
import type { OrderRef } from '../orders/index.js';
import { stores } from '../store/stores.js';
import { historyWaitMs } from './answer-budget.js';
import { BODY_LIMIT_BYTES, keptHeaders, rawBody, requestIdOf } from './api-event.js';

/** What the chain learns of a request on the way in. */
export interface Arrival {
  /** The route the request is counted and kept under; a dispatching endpoint names the method it found. */
  route: string;
  requestId: string;
  receivedAt: number;
  /** The body exactly as sent. */
  body: Buffer;
  /** The caller proved who it is (or the check is off): only then is its body kept. */
  authenticated: boolean;
  /** The order the body names, even when the request is then refused (for the log and the unmatched history). */
  claimed?: OrderRef;
  /** Log fields the partner's middlewares learnt (its user name, the method). */
  fields: Record<string, unknown>;
}

/** How the request ended, as the partner's envelope middleware reads it. */
interface Outcome {
  /** Answered, refused for the caller's mistake, or failed on our side. */
  kind: 'ok' | 'rejected' | 'failed';
  code: number | string;
  description: string;
  /** The stored order the request concerns: its history goes there. */
  matched?: OrderRef;
  duplicate?: boolean;
  /** Log fields in the partner's words (order ids, error code). */
  fields: Record<string, unknown>;
  /** Other I/O of the request to await with the history write (the queue send of the work it owed). */
  alongside?: Promise<unknown>;
}

/** The inbound chain's state in `request.internal`. */
export type InboundInternal = { arrival?: Arrival; outcome?: Outcome };

/** A middy request of the inbound chain. */
export type InboundRequest<TEvent = APIGatewayProxyEventV2, TResult = unknown> = Request<
  TEvent,
  TResult,
  Error,
  Context,
  InboundInternal
>;

/** A body over the limit, refused before it is read further; each partner answers it in its own envelope. */
export class BodyTooLarge extends ChannelHubError {
  override readonly name = 'BodyTooLarge';
}

/** Who the log lines speak of: "request handled", or "partner request handled". */
export type Subject = 'request' | 'partner request' | 'calendar-room request';

/** The arrival, for the middlewares after this one (set by `before`, or made afresh if it never ran). */
export function arrivalOf(request: InboundRequest<unknown>, route = 'unknown'): Arrival {
  request.internal.arrival ??= {
    route,
    requestId: request.context.awsRequestId,
    receivedAt: Date.now(),
    body: Buffer.alloc(0),
    authenticated: false,
    fields: {},
  };
  return request.internal.arrival;
}

async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([work, late]);
  clearTimeout(timer);
}

/**
 * @example middy().use(inboundRecord({ route: 'commit', subject: 'request' })).use(douyinSignature())…
 */
export function inboundRecord(options: {
  route: string;
  /** The channel calling, whose health (SPEC §10) counts each call. */
  channel: string;
  subject: Subject;
}): MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, Context, InboundInternal> {
  const { subject } = options;

  const arrive = (request: InboundRequest): void => {
    const body = rawBody(request.event);
    request.internal.arrival = {
      route: options.route,
      requestId: requestIdOf(request.event, request.context.awsRequestId),
      receivedAt: Date.now(),
      body,
      authenticated: false,
      fields: {},
    };
    if (body.length > BODY_LIMIT_BYTES) {
      throw new BodyTooLarge(`body: ${body.length} bytes is larger than the ${BODY_LIMIT_BYTES}-byte limit`);
    }
  };

  const finish = async (request: InboundRequest): Promise<void> => {
    const arrival = arrivalOf(request, options.route);
    const { route } = arrival;
    const outcome: Outcome = request.internal.outcome ?? {
      kind: 'failed',
      code: 'unanswered',
      description: 'no envelope answered this request',
      fields: {},
    };
    const latencyMs = Date.now() - arrival.receivedAt;
    const log = { route, requestId: arrival.requestId, ...arrival.fields, ...outcome.fields, latencyMs };
    if (outcome.kind === 'ok') logger.info(outcome.duplicate ? `duplicate ${subject}` : `${subject} handled`, log);
    else if (outcome.kind === 'failed') logger.error(`${subject} failed`, { ...log, error: request.error ?? undefined });
    else logger.warn(`${subject} rejected`, { ...log, description: outcome.description });
    count(Counter.Received, { name: 'route', value: route });
    if (outcome.duplicate) count(Counter.Duplicate, { name: 'route', value: route });
    if (outcome.kind !== 'ok') {
      count(Counter.Rejected, [
        { name: 'route', value: route },
        { name: 'errorCode', value: String(outcome.code) },
      ]);
    }
    const named = outcome.matched ?? arrival.claimed;
    const history = stores()
      .history.append(
        {
          route,
          requestId: arrival.requestId,
          at: arrival.receivedAt,
          ...(arrival.authenticated ? { rawBody: arrival.body.subarray(0, BODY_LIMIT_BYTES).toString('utf8') } : {}),
          bodyBytes: arrival.body.length,
          bodySha256: createHash('sha256').update(arrival.body).digest('hex'),
          authenticated: arrival.authenticated,
          headers: keptHeaders(request.event),
          outcome: { code: outcome.code, description: outcome.description },
          ...(named === undefined ? {} : { orderId: named.orderId, channel: named.channel }),
          latencyMs,
        },
        outcome.matched,
      )
      .catch((error: unknown) =>
        logger.error('history not written', { route, requestId: arrival.requestId, error: error as Error }),
      );
    // Independent once the state is written (e.g. the queue send): one round trip, not two.
    // No longer than the partner waits for its answer: a write still on its way is finished by the sweeper's
    // copy of the work, or lost with the log line saying so.
    const calls = stores()
      .calls.record(options.channel, arrival.receivedAt, outcome.kind, String(outcome.code))
      .catch((error: unknown) => logger.warn('call not counted', { route, error: error as Error }));
    await within(Promise.all([history, calls, outcome.alongside]), historyWaitMs(arrival.receivedAt));
  };

  return { before: arrive, after: finish, onError: finish };
}
