/** AX Cloud's channel API (seed 004, reference B): create, get and cancel tour orders, 10 s per call. */
import * as z from 'zod/mini';
import { getConfig } from '../config/config.js';
import { axApiKey } from '../config/secrets.js';
import { answered, type CallOutcome, callOut, readAs } from '../http/outbound.js';
import { Counter, count } from '../observability/logger.js';
import type { AxCreateOrderBody } from './payload.js';

const TIMEOUT_MS = 10_000;

/** One AX order as AX reports it: its code, and its status where the answer has one. */
const axOrderStateSchema = z.looseObject({
  ax_order_code: z.string().check(z.minLength(1)),
  ax_order_status: z.optional(z.string()),
});
/** AX answers a list of orders, or an order with its `options` (or `depth_combinations`), or one order. */
const axOrderListSchema = z.union([
  z.array(z.unknown()),
  z.looseObject({ options: z.array(z.unknown()) }),
  z.looseObject({ depth_combinations: z.array(z.unknown()) }),
]);
/** `{status_code, data}` envelopes are unwrapped; bare objects pass through. */
const envelopeSchema = z.looseObject({ status_code: z.optional(z.unknown()), data: z.unknown() });
/** AX's errors: `{"detail": …}`, sometimes `{"message": …}`. */
const errorSchema = z.looseObject({ detail: z.optional(z.unknown()), message: z.optional(z.unknown()) });

export interface AxOrderState {
  axOrderCode: string;
  axOrderStatus: string;
}

function orderStates(value: unknown): AxOrderState[] {
  const listed = readAs(axOrderListSchema, value);
  const list: unknown[] =
    listed === undefined
      ? [value]
      : Array.isArray(listed)
        ? listed
        : ((listed as { options?: unknown[] }).options ?? (listed as { depth_combinations: unknown[] }).depth_combinations);
  return list.flatMap((option) => {
    const state = readAs(axOrderStateSchema, option);
    return state === undefined ? [] : [{ axOrderCode: state.ax_order_code, axOrderStatus: state.ax_order_status ?? '' }];
  });
}

function errorDetail(status: number, json: unknown): string {
  const body = readAs(errorSchema, json);
  const text = body?.detail ?? body?.message ?? (json === undefined ? '' : JSON.stringify(json).slice(0, 200));
  return `HTTP ${status}${text ? ` ${String(text)}` : ''}`;
}

async function request(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<CallOutcome<unknown>> {
  const apiKey = await axApiKey();
  if (apiKey === undefined) {
    // Never sent empty: the work fails with the reason, and `ops retry` owes it again once the key is set.
    count(Counter.CredentialUnset, { name: 'credential', value: 'ax' });
    return { kind: 'permanent', detail: 'the AX API key is not configured (AX_API_KEY, or apiKey in the AX secret)' };
  }
  const answer = await callOut({
    url: `${getConfig().ax.baseUrl}${path}`,
    method,
    headers: { authorization: `Token ${apiKey}` },
    body,
    timeoutMs: TIMEOUT_MS,
  });
  if (!answered(answer)) return answer;
  const { status, json } = answer;
  if (status >= 200 && status < 300) return { kind: 'ok', value: readAs(envelopeSchema, json)?.data ?? json, httpStatus: status };
  // 429 and 5xx are AX being busy; 403/404 and other 4xx will not get better by asking again.
  const retry = status === 429 || status >= 500;
  return { kind: retry ? 'retry' : 'permanent', detail: errorDetail(status, json), httpStatus: status };
}

/** `POST /v1/channel/orders/tour`: the AX orders made, one per option. */
export async function createAxOrder(body: AxCreateOrderBody): Promise<CallOutcome<AxOrderState[]>> {
  const result = await request('POST', '/v1/channel/orders/tour', body);
  if (result.kind !== 'ok') return result;
  const states = orderStates(result.value);
  // AX said yes and named no order: it may hold one we cannot name, so sending it again could make a second.
  if (states.length === 0) return { kind: 'unknown', detail: 'AX answered without ax_order_code', httpStatus: result.httpStatus };
  return { ...result, value: states };
}

/** `GET /v1/channel/orders/tour/{code}`: the order's `ax_order_status`. */
export async function getAxOrder(axOrderCode: string): Promise<CallOutcome<AxOrderState>> {
  const result = await request('GET', `/v1/channel/orders/tour/${encodeURIComponent(axOrderCode)}`);
  if (result.kind !== 'ok') return result;
  // Only this order's own status is its verdict: another order's in the answer is not.
  const state = orderStates(result.value).find((item) => item.axOrderCode === axOrderCode);
  if (state === undefined)
    return { kind: 'retry', detail: `AX answered without the status of ${axOrderCode}`, httpStatus: result.httpStatus };
  return { ...result, value: state };
}

/** `PATCH /v1/channel/orders/tour/{code}` with "Traveler cancel". */
export async function cancelAxOrder(axOrderCode: string, comment: string): Promise<CallOutcome> {
  const result = await request('PATCH', `/v1/channel/orders/tour/${encodeURIComponent(axOrderCode)}`, {
    ax_status: 'Traveler cancel',
    channel_status: 'Traveler cancel',
    comment,
  });
  return result.kind === 'ok' ? { ...result, value: undefined } : result;
}
