/**
 * Who calls the admin API (SPEC §10): the access token of the stack's Cognito user pool, verified here again
 * although the HTTP API's JWT authorizer checked it (the authorizer does not check `token_use`, and hands the
 * groups over as one string): its signature against the pool's keys, issuer, app client, expiry and
 * `token_use` `access`, then the groups it carries. Locally the pool is the Cognito stand-in, whose `http:`
 * keys aws-jwt-verify will not fetch itself: they are fetched here and handed to it.
 */
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { getConfig } from '../config/config.js';
import { ChannelHubError } from '../errors.js';

/** The console's groups, each allowed what the one before it is and more. */
export const Group = { Viewer: 'viewer', Revenue: 'revenue', Operator: 'operator' } as const;
export type Group = (typeof Group)[keyof typeof Group];

/** Who a verified token names. */
export interface Caller {
  username: string;
  groups: string[];
}

/** A request the admin API refuses before any work: 401 without a valid token, 403 without the group. */
export class AdminAuthError extends ChannelHubError {
  override readonly name = 'AdminAuthError';
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

type Verify = (token: string) => Promise<Record<string, unknown>>;
let verifier: { key: string; verify: Verify } | undefined;

/** The verifier for the configured pool, made once per process (it caches the pool's keys). */
function verifierFor(userPoolId: string, clientId: string, endpoint: string | undefined): Verify {
  const key = `${userPoolId}|${clientId}|${endpoint ?? ''}`;
  if (verifier?.key === key) return verifier.verify;
  if (endpoint === undefined) {
    const cognito = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: 'access' });
    verifier = { key, verify: async (token) => (await cognito.verify(token)) as unknown as Record<string, unknown> };
    return verifier.verify;
  }
  const issuer = `${endpoint.replace(/\/+$/, '')}/${userPoolId}`;
  const local = JwtRsaVerifier.create({
    issuer,
    audience: null,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'access') throw new Error('not an access token');
      if (payload.client_id !== clientId) throw new Error('issued to another client');
    },
  });
  let keys: Promise<void> | undefined;
  verifier = {
    key,
    verify: async (token) => {
      keys ??= fetch(`${issuer}/.well-known/jwks.json`)
        .then(async (response) => local.cacheJwks((await response.json()) as Jwks))
        .catch((error: unknown) => {
          keys = undefined;
          throw error;
        });
      await keys;
      return (await local.verify(token)) as unknown as Record<string, unknown>;
    },
  };
  return verifier.verify;
}

/**
 * The caller a Bearer token names, or AdminAuthError 401.
 * @example await callerOf('Bearer eyJ…') // { username: 'mia', groups: ['revenue'] }
 */
export async function callerOf(authorization: string | undefined): Promise<Caller> {
  const { userPoolId, clientId, cognitoEndpoint } = getConfig().admin;
  if (userPoolId === undefined || clientId === undefined)
    throw new AdminAuthError(401, 'the console’s user pool is not configured');
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (token === undefined) throw new AdminAuthError(401, 'a Bearer access token is required');
  let payload: Record<string, unknown>;
  try {
    payload = await verifierFor(userPoolId, clientId, cognitoEndpoint)(token);
  } catch (error) {
    throw new AdminAuthError(401, `the token is not valid: ${(error as Error).message}`);
  }
  const groups = payload['cognito:groups'];
  return {
    username: String(payload.username ?? payload.sub ?? 'unknown'),
    groups: Array.isArray(groups) ? groups.map(String) : [],
  };
}

/** Refuses a caller without one of `groups` (403). */
export function requireGroup(caller: Caller, groups: readonly Group[]): void {
  if (!groups.some((group) => caller.groups.includes(group))) {
    throw new AdminAuthError(403, `${caller.username} is not in ${groups.join(' or ')}`);
  }
}
