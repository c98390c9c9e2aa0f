/**
 * Partner credentials: from the environment locally; on AWS from Secrets Manager (`*_SECRET_ARN`) through
 * the AWS Parameters and Secrets Lambda Extension, the layer the stack gives every function that reads a
 * secret. The extension answers on localhost and caches for five minutes; each value is also kept here for
 * as long, so a warm invocation makes no call at all. No Secrets Manager client is bundled.
 */
import { getConfig } from './config.js';

/** How long a secret is reused; the extension's own cache (SECRETS_MANAGER_TTL) is set to the same. */
export const SECRET_TTL_MS = 5 * 60_000;
const TIMEOUT_MS = 3_000;

const cache = new Map<string, { at: number; value: Promise<Record<string, string>> }>();

async function fetchSecret(arn: string): Promise<Record<string, string>> {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT || '2773';
  const url = `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(arn)}`;
  const response = await fetch(url, {
    headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) {
    throw new Error(`secret ${arn}: the secrets extension answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  }
  const { SecretString } = (await response.json()) as { SecretString?: string };
  let value: unknown;
  try {
    value = JSON.parse(SecretString ?? '');
  } catch {
    throw new Error(`secret ${arn} is not a JSON object`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`secret ${arn} is not a JSON object`);
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

/** Forgets cached secrets (tests). */
export function resetSecrets(): void {
  cache.clear();
}

/** Douyin's client key and secret (`{"clientKey","clientSecret"}` in the secret). */
export async function douyinCredentials(): Promise<{ clientKey?: string; clientSecret?: string }> {
  const { douyin } = getConfig();
  if (douyin.secretArn === undefined) return { clientKey: douyin.clientKey, clientSecret: douyin.clientSecret };
  const secret = await readSecret(douyin.secretArn);
  return { clientKey: secret.clientKey ?? douyin.clientKey, clientSecret: secret.clientSecret };
}

/** AX Cloud's API key (`{"apiKey"}` in the secret). */
export async function axApiKey(): Promise<string | undefined> {
  const { ax } = getConfig();
  if (ax.secretArn === undefined) return ax.apiKey;
  return (await readSecret(ax.secretArn)).apiKey;
}

/** Partner passwords by user (`{"<user>": "<password>"}` in the secret). */
export async function partnerPasswords(): Promise<Map<string, string>> {
  const { partner } = getConfig();
  if (partner.secretArn === undefined) return partner.credentials;
  return new Map(Object.entries(await readSecret(partner.secretArn)));
}
