/**
 * Douyin's client token, shared by every worker instance: kept in DynamoDB, cached in memory, and refreshed
 * ahead of expiry by one instance at a time (a conditional lock), because a new token invalidates older ones
 * and more than 500 token calls in 5 minutes are refused.
 */
import * as z from 'zod/mini';
import { getConfig } from '../config/config.js';
import { douyinCredentials } from '../config/secrets.js';
import { ChannelHubError } from '../errors.js';
import { answered, callOut, readAs } from '../http/outbound.js';
import { Counter, count } from '../observability/logger.js';
import { retry } from '../retry.js';
import type { StoredToken } from '../store/ports.js';
import { stores } from '../store/stores.js';
import { classifyDouyinCode, douyinErrorCode } from './codes.js';

const REFRESH_AHEAD_MS = 5 * 60 * 1000;
const LOCK_MS = 10_000;
const TIMEOUT_MS = 5_000;

/** What `/oauth/client_token/` grants: `data.access_token`, valid `data.expires_in` seconds. */
const tokenAnswerSchema = z.looseObject({
  data: z.looseObject({ access_token: z.string().check(z.minLength(1)), expires_in: z.optional(z.number().check(z.positive())) }),
});

/** A token could not be had; `retryable` says whether waiting can help. */
export class TokenError extends ChannelHubError {
  override readonly name = 'TokenError';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

let memory: StoredToken | undefined;
const NAME = 'douyin';

async function fetchToken(): Promise<StoredToken> {
  const { clientKey, clientSecret } = await douyinCredentials();
  if (clientKey === undefined || clientSecret === undefined) {
    count(Counter.CredentialUnset, { name: 'credential', value: 'douyin' });
    throw new TokenError('the Douyin client key and secret are not configured, so Douyin cannot be called', false);
  }
  const answer = await callOut({
    url: `${getConfig().douyin.baseUrl}/oauth/client_token/`,
    method: 'POST',
    body: { client_key: clientKey, client_secret: clientSecret, grant_type: 'client_credential' },
    timeoutMs: TIMEOUT_MS,
  });
  if (!answered(answer)) throw new TokenError(`client_token: ${answer.detail}`, true);
  if (answer.status >= 500) throw new TokenError(`client_token: HTTP ${answer.status}`, true);
  const error = douyinErrorCode(answer.json);
  const granted = readAs(tokenAnswerSchema, answer.json)?.data;
  if (granted === undefined || (error !== undefined && error.code !== 0)) {
    const code = error?.code ?? 0;
    throw new TokenError(`client_token: error ${code} ${error?.description ?? ''}`.trim(), classifyDouyinCode(code) === 'retry');
  }
  const fetchedAt = Date.now();
  return { token: granted.access_token, expiresAt: fetchedAt + (granted.expires_in ?? 7200) * 1000, fetchedAt };
}

/**
 * How long a token may still be used at `at`: none when there is no token, or when it is the `rejected`
 * one as it stood before `since` (a copy fetched since then is current, even if Douyin gave the same
 * string again). The store's lock condition is this rule in its own words.
 */
function usableFor(token: StoredToken | undefined, rejected: string | undefined, since: number, at = Date.now()): number {
  if (token === undefined) return 0;
  if (token.token === rejected && (token.fetchedAt ?? 0) < since) return 0;
  return Math.max(0, token.expiresAt - at);
}

async function refresh(now: number, rejected?: string): Promise<string> {
  const { tokens } = stores();
  if (await tokens.lock(NAME, { now, until: now + LOCK_MS, refreshBy: now + REFRESH_AHEAD_MS, rejected })) {
    const fresh = await fetchToken();
    await tokens.write(NAME, fresh);
    memory = fresh;
    return fresh.token;
  }
  // Another instance is refreshing, or has just stored a fresh token: take its token rather than asking
  // Douyin a second time (which would invalidate the first). About as long as the lock lasts.
  const taken = await retry(
    async () => {
      const stored = await tokens.read(NAME);
      return stored !== undefined && usableFor(stored, rejected, now) > 0
        ? { done: true, value: stored }
        : { done: false, reason: 'another instance is still refreshing' };
    },
    {
      attempts: LOCK_MS / 250 + 1,
      baseMs: 250,
      capMs: 500,
      exhausted: (reason) => new TokenError(`client_token: ${reason}`, true),
    },
  );
  memory = taken;
  return taken.token;
}

/**
 * The current client token. `rejected` is a token Douyin just called invalid: it is replaced (once, by
 * whichever instance gets there first) rather than reused.
 * @example const token = await clientToken(); … await clientToken({ rejected: token })
 */
export async function clientToken(options: { rejected?: string } = {}): Promise<string> {
  const now = Date.now();
  const validFor = (token: StoredToken | undefined): number => usableFor(token, options.rejected, now, now);
  if (memory !== undefined && validFor(memory) > REFRESH_AHEAD_MS) return memory.token;
  const stored = await stores().tokens.read(NAME);
  if (stored !== undefined && validFor(stored) > REFRESH_AHEAD_MS) {
    memory = stored;
    return stored.token;
  }
  try {
    return await refresh(now, options.rejected);
  } catch (error) {
    // Within the refresh-ahead window the old token still works: keep using it if the refresh failed.
    if (stored !== undefined && validFor(stored) > 0) return stored.token;
    throw error;
  }
}

/** Forgets the in-memory token (tests). */
export function resetTokenCache(): void {
  memory = undefined;
}
