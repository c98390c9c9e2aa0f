/** Calls from us to Douyin's OpenAPI with the shared client token, 5 s per call, classified per SPEC §4. */
import { getConfig } from '../config/config.js';
import { answered, type CallOutcome, callOut } from '../http/outbound.js';
import { classifyDouyinCode, douyinErrorCode } from './codes.js';
import { clientToken, TokenError } from './token.js';

const TIMEOUT_MS = 5_000;

/** Where the token goes: `?access_token=` for the POI APIs, the `access-token` header for goodlife. */
type TokenPlacement = 'query' | 'header';

async function once(
  path: string,
  body: unknown,
  token: string,
  placement: TokenPlacement,
): Promise<CallOutcome<unknown> | { kind: 'token' }> {
  const url = new URL(`${getConfig().douyin.baseUrl}${path}`);
  const headers: Record<string, string> = {};
  if (placement === 'query') url.searchParams.set('access_token', token);
  else headers['access-token'] = token;
  const answer = await callOut({ url, method: 'POST', headers, body, timeoutMs: TIMEOUT_MS });
  if (!answered(answer)) return answer;
  const { status, json } = answer;
  if (status >= 500) return { kind: 'retry', detail: `HTTP ${status}`, httpStatus: status };
  const error = douyinErrorCode(json);
  if (error === undefined) {
    const ok = status >= 200 && status < 300;
    return { kind: ok ? 'retry' : 'permanent', detail: `HTTP ${status} without error_code`, httpStatus: status };
  }
  const detail = `error_code ${error.code}${error.description ? ` ${error.description}` : ''}`;
  switch (classifyDouyinCode(error.code)) {
    case 'ok':
      return { kind: 'ok', value: json, httpStatus: status, detail };
    case 'token':
      return { kind: 'token' };
    case 'retry':
      return { kind: 'retry', detail, httpStatus: status };
    default:
      return { kind: 'permanent', detail, httpStatus: status };
  }
}

/**
 * POSTs to Douyin; on a token-expired code refreshes the shared token once and retries the call.
 * @example await callDouyin('/poi/order/status/', { supplier_ext_id, order_id, order_ext_id, status: 0 })
 */
export async function callDouyin(
  path: string,
  body: unknown,
  placement: TokenPlacement = 'query',
): Promise<CallOutcome<unknown>> {
  try {
    let token = await clientToken();
    let result = await once(path, body, token, placement);
    if (result.kind === 'token') {
      token = await clientToken({ rejected: token });
      result = await once(path, body, token, placement);
    }
    return result.kind === 'token' ? { kind: 'retry', detail: 'token rejected twice' } : result;
  } catch (error) {
    if (error instanceof TokenError) return { kind: error.retryable ? 'retry' : 'permanent', detail: error.message };
    throw error;
  }
}

/** `/poi/order/status/`: tells Douyin the confirmation status of an order. */
export function sendOrderStatus(input: { supplierExtId: string; orderId: string; orderExtId: string; status: number }) {
  return callDouyin('/poi/order/status/', {
    supplier_ext_id: input.supplierExtId,
    order_id: input.orderId,
    order_ext_id: input.orderExtId,
    status: input.status,
  });
}
