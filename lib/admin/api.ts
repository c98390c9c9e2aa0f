/**
 * The admin API (SPEC §5b, §10): each route checks its caller's token and group first (a refusal leaves no
 * trace but a counter), answers JSON, and says what is wrong in words a hotel person reads, naming the field.
 */
import { createHash } from 'node:crypto';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import {
  type AriChange,
  type AriError,
  applyChanges,
  belowHeld,
  MAX_CHANGE_NIGHTS,
  problemsOf,
  roomTypeGrid,
} from '../app/ari.js';
import { plansOf, sellsOn } from '../catalog/plans.js';
import { CHANNEL_IDS } from '../channels/registry.js';
import { getConfig } from '../config/config.js';
import { ChannelHubError } from '../errors.js';
import { header, rawBody } from '../http/api-event.js';
import { Counter, count, logger, observed } from '../observability/logger.js';
import { dashedYmd, nightsBetween } from '../orders/index.js';
import { stores } from '../store/stores.js';
import { issuesOf } from '../validation/issues.js';
import { AdminAuthError, type Caller, callerOf, Group, requireGroup } from './auth.js';
import openApi from './openapi.json' with { type: 'json' };
import { ariRequestSchema, rangeQuerySchema } from './schemas.js';

/** A request body above this is refused whole (413). */
const ADMIN_BODY_LIMIT = 1024 * 1024;

/** A refusal of the request itself, with every reason. */
export class AdminRequestError extends ChannelHubError {
  override readonly name = 'AdminRequestError';
  constructor(
    readonly status: 400 | 404 | 409 | 413,
    readonly errors: AriError[],
  ) {
    super(errors.map((error) => `${error.path}: ${error.message}`).join('; '));
  }
}

export type AdminEvent = APIGatewayProxyEventV2 & { caller?: Caller };
type AdminMiddleware = MiddlewareObj<AdminEvent, APIGatewayProxyStructuredResultV2, Error, Context>;

const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * The admin chain: the caller's token and group (`groups` undefined: no authentication, as config.json), and
 * the JSON envelope of the answer and of every refusal.
 */
function adminApi(route: string, groups: readonly Group[] | undefined): AdminMiddleware {
  return {
    before: async (request) => {
      if (groups === undefined) return;
      const caller = await callerOf(header(request.event, 'authorization'));
      requireGroup(caller, groups);
      request.event.caller = caller;
    },
    after: (request) => {
      request.response = json(200, request.response);
    },
    onError: (request) => {
      const { error } = request;
      if (error instanceof AdminAuthError) {
        count(Counter.Rejected, { name: 'route', value: route });
        request.response = json(error.status, { message: error.message });
        return;
      }
      if (error instanceof AdminRequestError) {
        request.response = json(error.status, { errors: error.errors });
        return;
      }
      logger.error('admin request failed', { route, error: error as Error });
      request.response = json(500, { message: 'temporary failure, please retry' });
    },
  };
}

/**
 * An admin Lambda: Powertools' logging, the caller's token and group, and the JSON envelope around `run`.
 * @example export const handler = adminHandler('admin-work', READERS, () => listWork());
 */
export function adminHandler(route: string, groups: readonly Group[] | undefined, run: (event: AdminEvent) => unknown) {
  return middy<AdminEvent, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(observed())
    .use(adminApi(route, groups))
    .handler(async (event) => (await run(event)) as never);
}

/** Who may read (every group), change ARI, and act on work. */
export const READERS = [Group.Viewer, Group.Revenue, Group.Operator] as const;
export const REVENUE = [Group.Revenue, Group.Operator] as const;
export const OPERATORS = [Group.Operator] as const;

export function bodyOf(event: AdminEvent): unknown {
  const raw = rawBody(event);
  if (raw.length > ADMIN_BODY_LIMIT)
    throw new AdminRequestError(413, [{ path: 'body', message: `larger than ${ADMIN_BODY_LIMIT} bytes` }]);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AdminRequestError(400, [{ path: 'body', message: 'is not JSON' }]);
  }
}

/**
 * `POST /admin/ari`: the changes checked as a whole, then applied in order; the same `Idempotency-Key` within
 * 24 hours answers as the first time (and finishes what a failed first attempt left).
 */
export async function postAri(event: AdminEvent): Promise<unknown> {
  const body = bodyOf(event);
  const parsed = ariRequestSchema.safeParse(body);
  if (!parsed.success) throw new AdminRequestError(400, issuesOf(parsed.error, body));
  const changes: AriChange[] = parsed.data.changes.map((change) => ({ ...change }) as AriChange);
  const problems = await problemsOf(changes);
  if (problems.length > 0) {
    const tooMany = problems.some((problem) => problem.path === 'changes' && problem.message.startsWith('at most'));
    throw new AdminRequestError(tooMany ? 413 : 400, problems);
  }
  // A repeat under its key answers as the first did before anything is checked against today's nights: the
  // rooms held since may no longer allow what the first request set.
  const key = header(event, 'idempotency-key');
  const hash = createHash('sha256').update(rawBody(event)).digest('hex');
  const now = Date.now();
  if (key !== undefined) {
    const claim = await stores().idempotency.claim(key, hash, now);
    if (claim.state === 'other')
      throw new AdminRequestError(409, [{ path: 'Idempotency-Key', message: 'was used for another request' }]);
    if (claim.state === 'same' && claim.answer !== undefined) return claim.answer;
  }
  const short = await belowHeld(changes);
  if (short.length > 0) {
    throw new AdminRequestError(
      409,
      short.map(({ path, nights }) => ({
        path,
        message: `below the rooms already held on ${nights.join(', ')}; send "force": true to set it anyway`,
      })),
    );
  }
  const who = event.caller?.username ?? 'unknown';
  const answer = { applied: await applyChanges(changes, { who, source: 'api' }, now) };
  if (key !== undefined) await stores().idempotency.complete(key, answer);
  logger.info('ARI changed', {
    who,
    changes: changes.length,
    nights: answer.applied.reduce((sum, one) => sum + one.nights.length, 0),
  });
  return answer;
}

function range(event: AdminEvent): { first: string; last: string } {
  const query = event.queryStringParameters ?? {};
  const parsed = rangeQuerySchema.safeParse(query);
  if (!parsed.success) throw new AdminRequestError(400, issuesOf(parsed.error, query));
  const nights = nightsBetween(parsed.data.from, parsed.data.to, MAX_CHANGE_NIGHTS + 1);
  const [first, last] = [nights[0], nights.at(-1)];
  if (first === undefined || last === undefined)
    throw new AdminRequestError(400, [{ path: 'to', message: 'must be after from' }]);
  if (nights.length > MAX_CHANGE_NIGHTS)
    throw new AdminRequestError(400, [{ path: 'to', message: `at most ${MAX_CHANGE_NIGHTS} nights` }]);
  return { first, last };
}

/** `GET /admin/ari?hotel=…&from=…&to=…`: the grid, one read per room type. */
export async function getAri(event: AdminEvent): Promise<unknown> {
  const hotel = event.queryStringParameters?.hotel;
  const { first, last } = range(event);
  const entries = (await stores().catalog.entries()).filter((entry) => entry.hotel.hotelCode === hotel);
  if (entries.length === 0)
    throw new AdminRequestError(404, [{ path: 'hotel', message: `no hotel ${hotel ?? ''} in the catalog` }]);
  return { hotel, roomTypes: await Promise.all(entries.map((entry) => roomTypeGrid(entry, first, last))) };
}

/** `GET /admin/ari/history?roomType=…&ratePlan=…&from=…&to=…`: who changed what, newest first. */
export async function getAriHistory(event: AdminEvent): Promise<unknown> {
  const { roomType, ratePlan } = event.queryStringParameters ?? {};
  if (roomType === undefined || (await stores().catalog.roomType(roomType)) === undefined) {
    throw new AdminRequestError(404, [{ path: 'roomType', message: `no room type ${roomType ?? ''} in the catalog` }]);
  }
  const entries = await stores().ariHistory.list(roomType, range(event), ratePlan);
  return {
    entries: entries.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString(), night: dashedYmd(entry.night) })),
  };
}

/** `GET /admin/hotels`: the catalog's hotels, their room types and rate plans, and the channels: what the grid offers. */
export async function listHotels(): Promise<unknown> {
  const hotels = new Map<string, { hotelCode: string; name: string; timeZone: string; roomTypes: unknown[] }>();
  for (const { hotel, roomType } of await stores().catalog.entries()) {
    const listed = hotels.get(hotel.hotelCode) ?? {
      hotelCode: hotel.hotelCode,
      name: hotel.name,
      timeZone: hotel.timeZone,
      roomTypes: [],
    };
    listed.roomTypes.push({
      code: roomType.spuExtId,
      name: roomType.name,
      managed: roomType.inventory !== undefined,
      ratePlans: plansOf(roomType).map((plan) => ({
        code: plan.code,
        name: plan.name,
        channels: CHANNEL_IDS.filter((channel) => sellsOn(plan, channel)),
        ...(plan.derivedFrom === undefined ? {} : { derivedFrom: plan.derivedFrom }),
      })),
    });
    hotels.set(hotel.hotelCode, listed);
  }
  return { hotels: [...hotels.values()], channels: CHANNEL_IDS };
}

/** `GET /admin/openapi.json`: the admin API's OpenAPI document, for any signed-in user. */
export function openApiDocument(): unknown {
  return openApi;
}

/** `GET /console/config.json`: the console's user pool (no authentication). */
export function consoleConfig(): unknown {
  const { userPoolId, clientId, cognitoEndpoint } = getConfig().admin;
  return {
    region: process.env.AWS_REGION ?? 'us-east-1',
    userPoolId: userPoolId ?? null,
    clientId: clientId ?? null,
    ...(cognitoEndpoint === undefined ? {} : { endpoint: cognitoEndpoint }),
  };
}
