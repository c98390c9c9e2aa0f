/**
 * A user pool of the tests' own, on loopback: an RSA key, its JWKS served as Cognito serves it
 * (`<issuer>/.well-known/jwks.json`), and access tokens signed as Cognito signs them (RS256, `token_use`,
 * `client_id`, `cognito:groups`, `username`), for the handlers' own token check without the stand-in.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const POOL_ID = 'local_testpool';
export const CLIENT_ID = 'testclient';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export interface TestPool {
  endpoint: string;
  issuer: string;
  /** An access token for `username` in `groups`; `claims` overrides any claim (expiry, token_use, client). */
  token(username: string, groups: string[], claims?: Record<string, unknown>, key?: KeyObject): string;
  /** A key the pool never published, to sign forged tokens with. */
  strangerKey: KeyObject;
  stop(): Promise<void>;
}

export async function startTestPool(): Promise<TestPool> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const server: Server = createServer((request, response) => {
    if (request.url === `/${POOL_ID}/.well-known/jwks.json`) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${endpoint}/${POOL_ID}`;
  return {
    endpoint,
    issuer,
    strangerKey: stranger,
    token(username, groups, claims = {}, key = privateKey) {
      const now = Math.floor(Date.now() / 1000);
      const header = base64url(JSON.stringify({ alg: 'RS256', kid: 'test-key', typ: 'JWT' }));
      const payload = base64url(
        JSON.stringify({
          sub: `sub-${username}`,
          'cognito:groups': groups,
          iss: issuer,
          client_id: CLIENT_ID,
          token_use: 'access',
          scope: 'aws.cognito.signin.user.admin',
          auth_time: now,
          iat: now,
          exp: now + 3600,
          username,
          ...claims,
        }),
      );
      const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key);
      return `${header}.${payload}.${base64url(signature)}`;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
