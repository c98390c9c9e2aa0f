/** AX Cloud's channel API (seed 004, reference B): create, get and cancel tour orders, 10 s per call. */
import { getConfig } from '../config/config.js';
import { axApiKey } from '../config/secrets.js';
import { Counter, count } from '../observability/logger.js';
import { type CallOutcome, jsonBody, networkFailure } from '../worker/outcome.js';
import type { AxCreateOrderBody } from './payload.js';

const TIMEOUT_MS = 10_000;

/** `{status_code, data}` envelopes are unwrapped; bare objects pass through. */
function unwrap(body: unknown): unknown {
  const record = body as { status_code?: unknown; data?: unknown } | undefined;
  return record !== undefined && record !== null && typeof record === 'object' && 'data' in record ? record.data : body;
}

function errorDetail(status: number, body: unknown): string {
  const record = body as { detail?: unknown; message?: unknown } | undefined;
  const text = record?.detail ?? record?.message ?? (body === undefined ? '' : JSON.stringify(body).slice(0, 200));
  return `HTTP ${status}${text ? ` ${String(text)}` : ''}`;
}

async function request(method: string, path: string, body?: unknown): Promise<CallOutcome<unknown>> {
  const apiKey = await axApiKey();
  if (apiKey === undefined) {
    // Never sent empty: the work fails with the reason, and `ops retry` owes it again once the key is set.
    count(Counter.CredentialUnset, { name: 'credential', value: 'ax' });
    return { kind: 'permanent', detail: 'the AX API key is not configured (AX_API_KEY, or apiKey in the AX secret)' };
  }
  let response: Response;
  try {
    response = await fetch(`${getConfig().ax.baseUrl}${path}`, {
      method,
      headers: { authorization: `Token ${apiKey}`, 'content-type': 'application/json', accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return networkFailure(error, TIMEOUT_MS);
  }
  const json = await jsonBody(response);
  const status = response.status;
  if (status >= 200 && status < 300) return { kind: 'ok', value: unwrap(json), httpStatus: status };
  // 429 and 5xx are AX being busy; 403/404 and other 4xx will not get better by asking again.
  const retry = status === 429 || status >= 500;
  return { kind: retry ? 'retry' : 'permanent', detail: errorDetail(status, json), httpStatus: status };
}

export interface AxOrderState {
  axOrderCode: string;
  axOrderStatus: string;
}

function orderStates(value: unknown): AxOrderState[] {
  const record = value as { options?: unknown; depth_combinations?: unknown } | undefined;
  const list = (record?.options ?? record?.depth_combinations ?? (Array.isArray(value) ? value : [value])) as unknown[];
  return list.flatMap((option) => {
    const { ax_order_code: code, ax_order_status: status } = (option ?? {}) as {
      ax_order_code?: unknown;
      ax_order_status?: unknown;
    };
    return typeof code === 'string' && code !== ''
      ? [{ axOrderCode: code, axOrderStatus: typeof status === 'string' ? status : '' }]
      : [];
  });
}

/** `POST /v1/channel/orders/tour`: the AX orders made, one per option. */
export async function createAxOrder(body: AxCreateOrderBody): Promise<CallOutcome<AxOrderState[]>> {
  const result = await request('POST', '/v1/channel/orders/tour', body);
  if (result.kind !== 'ok') return result;
  const states = orderStates(result.value);
  if (states.length === 0) return { kind: 'retry', detail: 'AX answered without ax_order_code', httpStatus: result.httpStatus };
  return { ...result, value: states };
}

/** `GET /v1/channel/orders/tour/{code}`: the order's `ax_order_status`. */
export async function getAxOrder(axOrderCode: string): Promise<CallOutcome<AxOrderState>> {
  const result = await request('GET', `/v1/channel/orders/tour/${encodeURIComponent(axOrderCode)}`);
  if (result.kind !== 'ok') return result;
  const state = orderStates(result.value).find((item) => item.axOrderCode === axOrderCode) ?? orderStates(result.value)[0];
  if (state === undefined) return { kind: 'retry', detail: 'AX answered without ax_order_status', httpStatus: result.httpStatus };
  return { ...result, value: state };
}

/** `PATCH /v1/channel/orders/tour/{code}` with "Traveler cancel". */
export async function cancelAxOrder(axOrderCode: string, comment: string): Promise<CallOutcome<unknown>> {
  return request('PATCH', `/v1/channel/orders/tour/${encodeURIComponent(axOrderCode)}`, {
    ax_status: 'Traveler cancel',
    channel_status: 'Traveler cancel',
    comment,
  });
}
