/** Douyin OpenAPI error codes split by what the caller should do (SPEC §4, seed 003). */
import * as z from 'zod/mini';
import { readAs } from '../http/outbound.js';

/** The access token is invalid or expired: refresh once and retry. */
const TOKEN_CODES = new Set([28001003, 28001008, 2190002, 2190008]);

/** Busy, internal or network trouble on Douyin's side: retry with backoff. 2100001 is documented "retry". */
const RETRYABLE_CODES = new Set([2100001, 2100004, 2119002, 2119003, 28001005, 28001006, 5000001]);

export type DouyinCodeClass = 'ok' | 'token' | 'retry' | 'permanent';

/**
 * @example classifyDouyinCode(2119003) // 'retry'; classifyDouyinCode(2100005) // 'permanent'
 */
export function classifyDouyinCode(code: number): DouyinCodeClass {
  if (code === 0) return 'ok';
  if (TOKEN_CODES.has(code)) return 'token';
  if (RETRYABLE_CODES.has(code)) return 'retry';
  return 'permanent';
}

const code = z.optional(z.union([z.number(), z.string().check(z.regex(/^-?\d+$/))]));
const coded = z.looseObject({ error_code: code, description: z.optional(z.unknown()) });
/** Douyin's answer envelope: `{data: {error_code, description, …}, extra}`, or the same fields at the top. */
const douyinEnvelopeSchema = z.looseObject({ data: z.optional(z.unknown()), ...coded.shape });

/** `data.error_code`, falling back to a top-level `error_code` (SPEC §4); numbers or numeric strings. */
export function douyinErrorCode(body: unknown): { code: number; description: string } | undefined {
  const envelope = readAs(douyinEnvelopeSchema, body);
  const data = readAs(coded, envelope?.data);
  const raw = data?.error_code ?? envelope?.error_code;
  if (raw === undefined) return undefined;
  const description = data?.description ?? envelope?.description;
  return { code: Number(raw), description: typeof description === 'string' ? description : '' };
}
