/**
 * The calendar-room SPIs' chain after the record-keeping middleware (SPEC §11): `x-life-sign` over the raw
 * body as the legacy SPI signs, the JSON body checked by its schema, and the envelope: always HTTP 200
 * `{"data": {"error_code", "description", …}}` with Douyin's official codes only (reference Part B §2.1).
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { getConfig } from '../config/config.js';
import { douyinSignatureProblem } from '../douyin/middleware.js';
import { ChannelHubError, OrderRefused, Refused } from '../errors.js';
import { HANDLER_EARLY_MS } from '../http/answer-budget.js';
import { arrivalOf, BodyTooLarge, type InboundInternal, type InboundRequest, inboundRecord } from '../http/inbound.js';
import { observed } from '../observability/logger.js';
import type { OrderRef } from '../orders/index.js';
import { describeIssue } from '../validation/issues.js';
import { DOUYIN_HOTEL } from './channel.js';
import { DATE_FIELDS } from './schemas.js';

/** The pull's route: its reply's envelope is a setting (DOUYIN_HOTEL_PULL_ENVELOPE). */
const PULL_ROUTE = 'hotel-ari-pull';

/** Douyin's official codes for this family (reference Part B §2.1); no other code is ever answered. */
export const HotelCode = {
  Ok: 0,
  RoomTypeInvalid: 1,
  TooManyGuests: 2,
  StayLength: 3,
  Full: 4,
  BadDate: 5,
  PriceMismatch: 8,
  NoSuchOrder: 9,
  Other: 13,
  Retry: 100,
} as const;
export type HotelCode = (typeof HotelCode)[keyof typeof HotelCode];

/** A refusal in Douyin's words: its official code and a description naming the field. */
export class HotelSpiError extends ChannelHubError {
  override readonly name = 'HotelSpiError';
  constructor(
    readonly code: HotelCode,
    message: string,
    readonly options: { orderId?: string; fields?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
}

/** The domain's answer: the fields beside error_code and description, and what the record keeps. */
export interface HotelAnswer {
  fields: Record<string, unknown>;
  matched?: OrderRef;
  duplicate?: boolean;
  sending?: Promise<unknown>;
}

export interface HotelInput<T> {
  readonly body: T;
  readonly requestId: string;
  readonly receivedAt: number;
}
export type HotelEvent<T> = APIGatewayProxyEventV2 & { spi: HotelInput<T> };
type HotelResult = HotelAnswer | APIGatewayProxyStructuredResultV2;
type HotelMiddleware<T> = MiddlewareObj<HotelEvent<T>, HotelResult, Error, Context, InboundInternal>;

/** The legacy SPI's signature (lib/douyin); a failure is 13, naming the signature. */
function signature<T>(): HotelMiddleware<T> {
  return {
    before: async (request: InboundRequest<HotelEvent<T>>) => {
      const problem = await douyinSignatureProblem(request as InboundRequest<APIGatewayProxyEventV2, unknown>);
      if (problem !== undefined) throw new HotelSpiError(HotelCode.Other, problem);
    },
  };
}

function input<S extends z.ZodMiniType>(schema: S): HotelMiddleware<z.output<S>> {
  return {
    before: (request: InboundRequest<HotelEvent<z.output<S>>>) => {
      const arrival = arrivalOf(request);
      let json: unknown;
      try {
        json = JSON.parse(arrival.body.toString('utf8'));
      } catch {
        throw new HotelSpiError(HotelCode.Other, 'body: is not JSON');
      }
      const named = (json as { order_id?: unknown } | null)?.order_id;
      if (typeof named === 'string') arrival.claimed = { channel: DOUYIN_HOTEL, orderId: named };
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const [issue] = parsed.error.issues;
        const field = issue?.path.findLast((part) => typeof part === 'string');
        const code = typeof field === 'string' && DATE_FIELDS.has(field) ? HotelCode.BadDate : HotelCode.Other;
        throw new HotelSpiError(code, describeIssue(parsed.error, json));
      }
      request.event.spi = { body: parsed.data, requestId: arrival.requestId, receivedAt: arrival.receivedAt };
    },
  };
}

/** Any error as Douyin's code: ours as they say, the order core's refusals, and 100 (retry) for the rest. */
function refusalOf(error: unknown): HotelSpiError {
  if (error instanceof HotelSpiError) return error;
  if (error instanceof BodyTooLarge) return new HotelSpiError(HotelCode.Other, error.message);
  if (error instanceof OrderRefused) {
    const orderId = error.orderId === undefined ? {} : { orderId: error.orderId };
    if (error.kind === Refused.Busy) return new HotelSpiError(HotelCode.Retry, error.message, orderId);
    if (error.kind === Refused.Conflict) {
      return new HotelSpiError(
        HotelCode.Other,
        `order_id: ${error.orderId ?? ''} was already created with other content`,
        orderId,
      );
    }
    return new HotelSpiError(HotelCode.NoSuchOrder, error.message, orderId);
  }
  return new HotelSpiError(HotelCode.Retry, 'temporary failure, please retry');
}

/**
 * The reply's shape: `{"data": {error_code, description, …}}`; the pull's (it answers `room_rates`) carries
 * `status` inside `data` too, or with DOUYIN_HOTEL_PULL_ENVELOPE=top the presale page's top-level `status`,
 * `errors` and `room_rates` beside `data` (reference §6.5).
 */
function envelopeOf(code: HotelCode, description: string, fields: Record<string, unknown>, pull: boolean) {
  const data = { error_code: code, description, ...fields };
  if (!pull) return { data };
  const status = code === HotelCode.Ok;
  if (getConfig().douyinHotel.pullEnvelope === 'data') return { data: { ...data, status } };
  const { room_rates: roomRates = [], ...rest } = fields;
  return {
    status,
    ...(status ? {} : { errors: [description] }),
    room_rates: roomRates,
    data: { error_code: code, description, ...rest },
  };
}

const isAnswer = (value: unknown): value is HotelAnswer => typeof value === 'object' && value !== null && 'fields' in value;

/** `pull`: the ARI pull's reply, whose envelope is a setting. */
function envelope<T>(pull: boolean): HotelMiddleware<T> {
  const reply = (
    request: InboundRequest<HotelEvent<T>, HotelResult>,
    code: HotelCode,
    description: string,
    answer: HotelAnswer,
  ) => {
    const arrival = arrivalOf(request);
    request.response = {
      statusCode: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(envelopeOf(code, description, answer.fields, pull)),
    };
    request.internal.outcome = {
      kind: code === HotelCode.Ok ? 'ok' : code === HotelCode.Retry ? 'failed' : 'rejected',
      code,
      description,
      matched: answer.matched,
      duplicate: answer.duplicate,
      fields: { orderId: arrival.claimed?.orderId, errorCode: code },
      alongside: answer.sending,
    };
  };
  return {
    after: (request) => {
      const answer = request.response;
      if (!isAnswer(answer)) throw new HotelSpiError(HotelCode.Retry, 'the handler gave no answer');
      reply(request, HotelCode.Ok, 'success', answer);
    },
    onError: (request) => {
      const error = refusalOf(request.error);
      const orderId = error.options.orderId;
      reply(request, error.code, error.message, {
        fields: error.options.fields ?? {},
        ...(orderId === undefined ? {} : { matched: { channel: DOUYIN_HOTEL, orderId } }),
      });
    },
  };
}

/**
 * The whole calendar-room chain after the Powertools middlewares.
 * @example middy<HotelEvent<CanBuyRequest>, …>().use(observed()).use(hotelSpi('hotel-can-buy', canBuySchema)).handler(canBuy)
 */
function hotelSpi<S extends z.ZodMiniType>(route: string, schema: S) {
  return [
    inboundRecord({ route, channel: DOUYIN_HOTEL, subject: 'calendar-room request' }),
    signature<z.output<S>>(),
    input(schema),
    envelope<z.output<S>>(route === PULL_ROUTE),
  ];
}

/**
 * A calendar-room SPI Lambda: Powertools, the chain, and the domain's answer.
 * @example export const handler = hotelHandler('hotel-can-buy', canBuySchema, canBuy);
 */
export function hotelHandler<S extends z.ZodMiniType>(
  route: string,
  schema: S,
  run: (input: HotelInput<z.output<S>>) => Promise<HotelAnswer>,
) {
  return middy<HotelEvent<z.output<S>>, HotelResult, Error, Context, InboundInternal>({ timeoutEarlyInMillis: HANDLER_EARLY_MS })
    .use(observed())
    .use(hotelSpi(route, schema))
    .handler((event) => run(event.spi));
}
