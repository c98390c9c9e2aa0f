/**
 * The console's session and its calls: Cognito's InitiateAuth (USER_PASSWORD_AUTH) straight to the pool's
 * endpoint, the access token kept in session storage (never in a URL), and `/admin/*` on the console's own
 * host with it as a Bearer token. An API error comes back as words a hotel person reads, each naming the field.
 */

interface ConsoleConfig {
  region: string;
  userPoolId: string | null;
  clientId: string | null;
  endpoint?: string;
}

export interface Session {
  token: string;
  username: string;
  groups: string[];
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

const SESSION_KEY = 'channel-hub.session';

/** The claims of a JWT, unverified: the server verifies; the page only reads who and until when. */
function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

function sessionOf(token: string): Session {
  const claims = claimsOf(token);
  const groups = claims['cognito:groups'];
  return {
    token,
    username: String(claims.username ?? claims.sub ?? ''),
    groups: Array.isArray(groups) ? groups.map(String) : [],
    expiresAt: Number(claims.exp ?? 0) * 1000,
  };
}

export function storedSession(): Session | undefined {
  const text = sessionStorage.getItem(SESSION_KEY);
  if (text === null) return undefined;
  try {
    const session = JSON.parse(text) as Session;
    return session.expiresAt > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

export function keepSession(session: Session | undefined): void {
  if (session === undefined) sessionStorage.removeItem(SESSION_KEY);
  else sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

/** What a group may do: `viewer` reads, `revenue` also changes ARI, `operator` does everything. */
export const can = {
  changeAri: (session: Session | undefined) => session?.groups.some((g) => g === 'revenue' || g === 'operator') === true,
  actOnWork: (session: Session | undefined) => session?.groups.includes('operator') === true,
};

let config: Promise<ConsoleConfig> | undefined;
function consoleConfig(): Promise<ConsoleConfig> {
  config ??= fetch('/console/config.json').then((reply) => reply.json() as Promise<ConsoleConfig>);
  return config;
}

/** A refusal in words: each problem with the field it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problems: { path: string; message: string }[],
  ) {
    super(problems.map((problem) => (problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`)).join('\n'));
  }
}

/** The session ended (401): the page asks the person to sign in again and keeps what they were doing. */
export class SignedOut extends Error {}

async function cognito(target: string, body: unknown): Promise<Record<string, unknown>> {
  const { region, endpoint } = await consoleConfig();
  const reply = await fetch(endpoint ?? `https://cognito-idp.${region}.amazonaws.com/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  const answer = (await reply.json()) as Record<string, unknown>;
  if (!reply.ok) {
    const type = String(answer.__type ?? '');
    const message =
      type.includes('NotAuthorized') ||
      type.includes('UserNotFound') ||
      (target === 'InitiateAuth' && type.includes('InvalidPassword'))
        ? 'That user name and password do not match.'
        : type.includes('InvalidPassword')
          ? `That password is not allowed: ${String(answer.message ?? '')}`
          : `Signing in failed: ${String(answer.message ?? type)}`;
    throw new ApiError(reply.status, [{ path: '', message }]);
  }
  return answer;
}

/** Signs in; a user an administrator created must choose a password first (`newPassword`). */
export async function signIn(
  username: string,
  password: string,
  newPassword?: string,
): Promise<Session | { needsNewPassword: true }> {
  const { clientId } = await consoleConfig();
  const first = await cognito('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  let answer = first;
  if (first.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
    if (newPassword === undefined) return { needsNewPassword: true };
    answer = await cognito('RespondToAuthChallenge', {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: clientId,
      Session: first.Session,
      ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
    });
  } else if (first.ChallengeName !== undefined) {
    throw new ApiError(400, [
      { path: '', message: `Cognito asks for ${String(first.ChallengeName)}, which the console cannot answer yet.` },
    ]);
  }
  const token = (answer.AuthenticationResult as { AccessToken?: string } | undefined)?.AccessToken;
  if (token === undefined) throw new ApiError(500, [{ path: '', message: 'Cognito gave no access token.' }]);
  const session = sessionOf(token);
  keepSession(session);
  return session;
}

/** Calls the admin API as the signed-in person; 401 ends the session (SignedOut), other refusals are ApiError. */
export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const session = storedSession();
  if (session === undefined) throw new SignedOut();
  const reply = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${session.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (reply.status === 401) {
    keepSession(undefined);
    throw new SignedOut();
  }
  const answer = (await reply.json().catch(() => ({}))) as Record<string, unknown>;
  if (!reply.ok) {
    const errors = Array.isArray(answer.errors)
      ? (answer.errors as { path: string; message: string }[])
      : [
          {
            path: '',
            message:
              reply.status === 403
                ? 'Your account is not allowed to do this.'
                : String(answer.message ?? `The server answered ${reply.status}; please try again.`),
          },
        ];
    throw new ApiError(reply.status, errors);
  }
  return answer as T;
}
