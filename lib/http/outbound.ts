/**
 * Every call we make to a partner (Douyin, AX Cloud) goes through here: one HTTP call with its timeout, the
 * outcome in the words the worker acts on, and the partner's JSON checked against a schema where it is read.
 * (The secrets extension on localhost is read with node:http in lib/config/secrets.ts, for its cold-start
 * cost; in-process retries go through lib/retry.ts.)
 */
import type * as z from 'zod/mini';

/**
 * How one outbound call ended: a value; a failure worth retrying; one that will not get better; or
 * `unknown`, sent and never answered, so the partner may or may not have done it.
 */
export type CallOutcome<T = undefined> =
  | { kind: 'ok'; value: T; httpStatus?: number; detail?: string }
  | { kind: 'retry' | 'permanent' | 'unknown'; detail: string; httpStatus?: number };

export type CallFailure = Exclude<CallOutcome<unknown>, { kind: 'ok' }>;

export interface OutboundRequest {
  url: string | URL;
  method: 'GET' | 'POST' | 'PATCH';
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  timeoutMs: number;
}

/** What came back: any HTTP status, with the body parsed as JSON (undefined when it is not JSON). */
export interface OutboundResponse {
  status: number;
  json: unknown;
}

/** Errors that mean the request never reached the partner: nothing was done, so it can simply be sent again. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A call that got no answer: never sent (retry), or sent and cut or timed out (unknown). */
function networkFailure(error: unknown, timeoutMs: number): CallFailure {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'unknown', detail: `timed out after ${timeoutMs} ms` };
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  const detail = `network error${cause ? ` ${cause}` : ''}: ${(error as Error).message}`;
  return { kind: cause !== undefined && NOT_SENT.has(cause) ? 'retry' : 'unknown', detail };
}

/**
 * One HTTP call with its timeout: the response whatever its status, or the failure when none came.
 * @example const answer = await callOut({ url, method: 'POST', body, timeoutMs: 5_000 })
 */
export async function callOut(request: OutboundRequest): Promise<OutboundResponse | CallFailure> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    return networkFailure(error, request.timeoutMs);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return networkFailure(error, request.timeoutMs);
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

/** Whether `callOut` got a response (of any status). */
export function answered(result: OutboundResponse | CallFailure): result is OutboundResponse {
  return 'status' in result;
}

/**
 * The partner's JSON as `schema` reads it, or undefined when it does not fit: a partner's answer is
 * checked where it is read, never cast.
 */
export function readAs<S extends z.ZodMiniType>(schema: S, json: unknown): z.output<S> | undefined {
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
