/**
 * Partner credentials: from the environment locally, from Secrets Manager on AWS (`*_SECRET_ARN`), read
 * once per cold start and cached by Powertools Parameters.
 */
import { getConfig } from './config.js';

const ONE_HOUR = 3600;

async function readSecret(arn: string): Promise<Record<string, string>> {
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret<Record<string, string>>(arn, { transform: 'json', maxAge: ONE_HOUR });
  if (value === undefined || typeof value !== 'object') throw new Error(`secret ${arn} is not a JSON object`);
  return value;
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
