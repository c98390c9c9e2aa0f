/**
 * Partner credentials: from the environment locally; on AWS from Secrets Manager (`*_SECRET_ARN`) through
 * the AWS Parameters and Secrets Lambda Extension, the layer the stack gives every function that reads a
 * secret. The extension answers on localhost and caches for five minutes; each value is also kept here for
 * as long, so a warm invocation makes no call at all. No Secrets Manager client is bundled.
 */
import { get } from 'node:http';
import { ChannelHubError } from '../errors.js';
import { getConfig } from './config.js';

/** How long a secret is reused; the extension's own cache (SECRETS_MANAGER_TTL) is set to the same. */
export const SECRET_TTL_MS = 5 * 60_000;
/** How long to wait for the extension, which may itself be waiting on Secrets Manager. */
export const SECRET_TIMEOUT_MS = 3_000;

const cache = new Map<string, { at: number; value: Promise<Record<string, string>> }>();

/**
 * One GET to the extension. A fresh connection each time (`agent: false`): the call is made once every five
 * minutes, and a pooled socket could have been closed by the extension while the environment was frozen.
 */
function askExtension(path: string): Promise<{ status: number; body: string }> {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT || '2773';
  const headers = { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' };
  return new Promise((resolve, reject) => {
    const request = get(`http://localhost:${port}${path}`, { headers, agent: false, timeout: SECRET_TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new ChannelHubError(`no answer within ${SECRET_TIMEOUT_MS} ms`)));
    request.on('error', reject);
  });
}

async function fetchSecret(arn: string): Promise<Record<string, string>> {
  let answer: { status: number; body: string };
  try {
    answer = await askExtension(`/secretsmanager/get?secretId=${encodeURIComponent(arn)}`);
  } catch (error) {
    throw new ChannelHubError(`secret ${arn}: the secrets extension did not answer: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (answer.status !== 200) {
    throw new ChannelHubError(`secret ${arn}: the secrets extension answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse((JSON.parse(answer.body) as { SecretString?: string }).SecretString ?? '');
  } catch (error) {
    throw new ChannelHubError(`secret ${arn} is not a JSON object`, { cause: error });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ChannelHubError(`secret ${arn} is not a JSON object`);
  }
  return value as Record<string, string>;
}

/** The secret's JSON object; concurrent callers share one fetch, and a failed fetch is not kept. */
function readSecret(arn: string): Promise<Record<string, string>> {
  const cached = cache.get(arn);
  if (cached !== undefined && Date.now() - cached.at < SECRET_TTL_MS) return cached.value;
  const value = fetchSecret(arn);
  cache.set(arn, { at: Date.now(), value });
  value.catch(() => {
    if (cache.get(arn)?.value === value) cache.delete(arn);
  });
  return value;
}

/**
 * A credential's value, or undefined when it is unset: absent, empty or blank, as a freshly deployed
 * stack's secret is until the operator fills it. An unset credential authenticates nobody and is never sent.
 */
function credential(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The key the stack's first partner-secret template generated (a random password under the user name
 * "placeholder"): stacks deployed from it still hold that entry, and it is never a user.
 */
const PARTNER_PLACEHOLDER_USER = 'placeholder';

/** Forgets cached secrets (tests). */
export function resetSecrets(): void {
  cache.clear();
}

/** Douyin's client key and secret (`{"clientKey","clientSecret"}` in the secret); unset ones are undefined. */
export async function douyinCredentials(): Promise<{ clientKey?: string; clientSecret?: string }> {
  const { douyin } = getConfig();
  if (douyin.secretArn === undefined) {
    return { clientKey: credential(douyin.clientKey), clientSecret: credential(douyin.clientSecret) };
  }
  const secret = await readSecret(douyin.secretArn);
  return {
    clientKey: credential(secret.clientKey) ?? credential(douyin.clientKey),
    clientSecret: credential(secret.clientSecret),
  };
}

/** AX Cloud's API key (`{"apiKey"}` in the secret), or undefined while it is unset. */
export async function axApiKey(): Promise<string | undefined> {
  const { ax } = getConfig();
  return credential(ax.secretArn === undefined ? ax.apiKey : (await readSecret(ax.secretArn)).apiKey);
}

/**
 * The RateKey's secrets (`{"secret", "previous"}` in its secret): the current one signs, and both verify while
 * a rotation settles. Empty when unset: no key can be minted or trusted (fail closed).
 */
export async function rateKeySecrets(): Promise<string[]> {
  const { rateKey } = getConfig().partner;
  const values: Record<string, string | undefined> =
    rateKey.secretArn === undefined ? { secret: rateKey.secret } : await readSecret(rateKey.secretArn);
  const current = credential(values.secret);
  return current === undefined
    ? []
    : [current, ...[credential(values.previous)].filter((value): value is string => value !== undefined)];
}

/** Partner passwords by user (`{"<user>": "<password>"}` in the secret): users with a password set only. */
export async function partnerPasswords(): Promise<Map<string, string>> {
  const { partner } = getConfig();
  const entries =
    partner.secretArn === undefined ? [...partner.credentials] : Object.entries(await readSecret(partner.secretArn));
  return new Map(
    entries.flatMap(([user, password]) => {
      const set = credential(password);
      return user === PARTNER_PLACEHOLDER_USER || set === undefined ? [] : [[user, set] as const];
    }),
  );
}
