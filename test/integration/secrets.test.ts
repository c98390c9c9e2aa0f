import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetConfig } from '../../lib/config/config.js';
import {
  axApiKey,
  douyinCredentials,
  partnerPasswords,
  resetSecrets,
  SECRET_TIMEOUT_MS,
  SECRET_TTL_MS,
} from '../../lib/config/secrets.js';

const ARN = {
  douyin: 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:douyin-AbCdEf',
  ax: 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:ax-AbCdEf',
  partner: 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:partner-AbCdEf',
};
const SESSION_TOKEN = 'session-token-of-this-environment';

/** A stand-in for the Parameters and Secrets extension: Secrets Manager's GetSecretValue JSON per ARN. */
const secrets = new Map<string, string>([
  [ARN.douyin, JSON.stringify({ clientKey: 'ck_live', clientSecret: 'cs_live' })],
  [ARN.ax, JSON.stringify({ apiKey: 'ax-live-key' })],
  [ARN.partner, JSON.stringify({ fliggy: 'pw1', other: 'pw2' })],
]);
const calls: { secretId: string | null; headers: IncomingHttpHeaders }[] = [];
let failWith: number | undefined;
let silent = false;
let server: Server;
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const secretId = url.searchParams.get('secretId');
    calls.push({ secretId, headers: request.headers });
    if (silent) return; // never answers
    if (request.headers['x-aws-parameters-secrets-token'] !== SESSION_TOKEN) {
      response.writeHead(401).end('missing or wrong token');
    } else if (failWith !== undefined) {
      response.writeHead(failWith).end('ResourceNotFoundException: Secrets Manager can’t find the specified secret.');
    } else if (url.pathname !== '/secretsmanager/get' || secretId === null || !secrets.has(secretId)) {
      response.writeHead(400).end('no such secret');
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ARN: secretId, Name: 'x', SecretString: secrets.get(secretId), VersionId: 'v1' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String((server.address() as AddressInfo).port),
    AWS_SESSION_TOKEN: SESSION_TOKEN,
    DOUYIN_SECRET_ARN: ARN.douyin,
    AX_SECRET_ARN: ARN.ax,
    PARTNER_SECRET_ARN: ARN.partner,
  });
  resetConfig();
});
afterEach(() => {
  calls.length = 0;
  failWith = undefined;
  resetSecrets();
  vi.restoreAllMocks();
});
afterAll(async () => {
  process.env = saved;
  resetConfig();
  await new Promise((resolve) => server.close(resolve));
});

describe('secrets on AWS, through the Parameters and Secrets extension', () => {
  it('are read with the session token, once for concurrent callers, and reused until their time is up', async () => {
    const first = await Promise.all([douyinCredentials(), douyinCredentials(), douyinCredentials()]);

    expect(first).toEqual(Array(3).fill({ clientKey: 'ck_live', clientSecret: 'cs_live' }));
    expect(calls.map((call) => call.secretId)).toEqual([ARN.douyin]);
    expect(calls[0]?.headers['x-aws-parameters-secrets-token']).toBe(SESSION_TOKEN);
    expect(await axApiKey()).toBe('ax-live-key');
    expect(await partnerPasswords()).toEqual(
      new Map([
        ['fliggy', 'pw1'],
        ['other', 'pw2'],
      ]),
    );
    expect(calls).toHaveLength(3);

    await douyinCredentials();
    expect(calls).toHaveLength(3);
    const later = Date.now() + SECRET_TTL_MS + 1;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    await douyinCredentials();
    expect(calls).toHaveLength(4);
  });

  it('fail with the extension’s answer, and are asked for again next time', async () => {
    failWith = 400;
    await expect(douyinCredentials()).rejects.toThrow(
      `secret ${ARN.douyin}: the secrets extension answered 400: ResourceNotFoundException`,
    );
    failWith = undefined;

    expect(await douyinCredentials()).toEqual({ clientKey: 'ck_live', clientSecret: 'cs_live' });
    expect(calls).toHaveLength(2);
  });

  it('fail clearly when the extension does not answer, or is not there', async () => {
    silent = true;
    await expect(douyinCredentials()).rejects.toThrow(
      `secret ${ARN.douyin}: the secrets extension did not answer: no answer within ${SECRET_TIMEOUT_MS} ms`,
    );
    silent = false;

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = String((closed.address() as AddressInfo).port);
    await new Promise((resolve) => closed.close(resolve));
    const open = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
    process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = port;
    try {
      await expect(axApiKey()).rejects.toThrow(`secret ${ARN.ax}: the secrets extension did not answer: connect ECONNREFUSED`);
    } finally {
      process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = open;
    }
  });

  it('refuse a secret that is not a JSON object', async () => {
    secrets.set(ARN.ax, 'plain text');
    try {
      await expect(axApiKey()).rejects.toThrow(`secret ${ARN.ax} is not a JSON object`);
    } finally {
      secrets.set(ARN.ax, JSON.stringify({ apiKey: 'ax-live-key' }));
    }
  });
});
