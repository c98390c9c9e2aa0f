/**
 * Fail closed (SPEC §2): a freshly deployed stack's secrets hold their shape with every value empty, and
 * the partner secret of the first template a generated "placeholder" user. Through a fake of the
 * Parameters and Secrets extension serving exactly those, as the deployed functions read them: nobody is
 * authenticated, nothing is sent with an empty key, every refusal is counted, and filling a secret is
 * all it takes to go on.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetSecrets } from '../../lib/config/secrets.js';
import { SECRET_UNSET } from '../../lib/douyin/middleware.js';
import { partnerSignature } from '../../lib/partner/auth.js';
import { retry } from '../../local/ops/commands.js';
import { douyinOrder as getOrder } from '../../local/orders.js';
import {
  CLIENT_KEY,
  CLIENT_SECRET,
  captureMetrics,
  commitBody,
  douyinPost,
  type Harness,
  searchOrderXml,
  startHarness,
  waitFor,
} from './harness.js';

vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

const ARN = {
  douyin: 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:DouyinSecret-AbCdEf',
  ax: 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:AxSecret-AbCdEf',
  partner: 'arn:aws:secretsmanager:ap-east-1:123456789012:secret:PartnerSecret-AbCdEf',
};
const UNSET: Record<string, Record<string, string>> = {
  [ARN.douyin]: { clientKey: '', clientSecret: '' },
  [ARN.ax]: { apiKey: '' },
  // The first template's generated entry: a user nobody chose, with a random password.
  [ARN.partner]: { placeholder: 'Xq9!randomly-generated' },
};
const secrets = new Map<string, Record<string, string>>();
let extension: Server;
let harness: Harness;
let metrics: ReturnType<typeof captureMetrics>;

beforeAll(async () => {
  extension = createServer((request, response) => {
    const value = secrets.get(new URL(request.url ?? '/', 'http://localhost').searchParams.get('secretId') ?? '');
    if (value === undefined) response.writeHead(400).end('no such secret');
    else response.writeHead(200).end(JSON.stringify({ SecretString: JSON.stringify(value) }));
  });
  await new Promise<void>((resolve) => extension.listen(0, '127.0.0.1', resolve));
  harness = await startHarness({
    env: {
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String((extension.address() as AddressInfo).port),
      AWS_SESSION_TOKEN: 'session',
      DOUYIN_SECRET_ARN: ARN.douyin,
      AX_SECRET_ARN: ARN.ax,
      PARTNER_SECRET_ARN: ARN.partner,
    },
  });
  metrics = captureMetrics();
});
afterAll(async () => {
  vi.restoreAllMocks();
  await harness.stop();
  await new Promise((resolve) => extension.close(resolve));
});
beforeEach(() => {
  for (const [arn, value] of Object.entries(UNSET)) secrets.set(arn, value);
  resetSecrets();
  metrics.clear();
});

/** How many times CredentialUnset was counted for `credential` since the test began. */
const unsetCounted = (credential: string) => metrics.counted('CredentialUnset', { credential });

describe('a new stack before its secrets are filled', () => {
  it('refuses every Douyin request with 40101 saying the secret is not configured, however it is signed', async () => {
    const body = commitBody({ status: 1 });

    const signedWithEmpty = await douyinPost(harness.stack, 'commit', body, { secret: '' });
    const signedWithReal = await douyinPost(harness.stack, 'commit', body);

    for (const reply of [signedWithEmpty, signedWithReal]) {
      expect(reply).toMatchObject({ error_code: 40101, description: SECRET_UNSET });
    }
    expect(await getOrder(body.order_id)).toBeUndefined();
    expect(unsetCounted('douyin')).toBe(2);
  });

  it('never takes the partner secret’s placeholder entry for a user', async () => {
    // Signed as the placeholder user, with the password the template generated for it.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = partnerSignature('placeholder', UNSET[ARN.partner]?.placeholder ?? '', timestamp);
    const body = searchOrderXml({ TaoBaoOrderId: '1' }, { timestamp: Number(timestamp) })
      .replace('<Username>fliggy</Username>', '<Username>placeholder</Username>')
      .replace(/<Signature>[^<]+<\/Signature>/, `<Signature>${signature}</Signature>`);

    const answer = await (await fetch(`${harness.stack.url}/searchOrder`, { method: 'POST', body })).text();

    expect(answer).toContain('<Code>AUTH_FAILED</Code>');
    expect(unsetCounted('partner')).toBe(1);
  });

  it('never calls AX with an empty key: the work fails with the reason, and goes through once the key is set', async () => {
    // Prepare: Douyin's secret filled, AX's not.
    secrets.set(ARN.douyin, { clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET });
    resetSecrets();
    const body = commitBody({ status: 1, spu_ext_id: 'RT-STD-KING' });
    const { order_ext_id } = await douyinPost(harness.stack, 'commit', body);

    // Act
    const failed = await waitFor(
      async () =>
        (await getOrder(body.order_id))?.work['ax.create-order']?.state === 'failed' ? getOrder(body.order_id) : undefined,
      10_000,
      'the AX create to fail',
    );

    // Assess: nothing reached AX, the reason is on the work, and it was counted.
    expect(harness.ax.creates).toHaveLength(0);
    expect(failed?.work['ax.create-order']?.lastError).toContain('the AX API key is not configured');
    expect(unsetCounted('ax')).toBeGreaterThanOrEqual(1);

    secrets.set(ARN.ax, { apiKey: harness.ax.apiKey });
    resetSecrets();
    expect(await retry(order_ext_id as string)).toEqual([`retrying ax.create-order of ${order_ext_id}`]);
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 10_000, 'confirmation through AX');
    expect(harness.ax.ordersFor(order_ext_id as string)).toHaveLength(1);
  });
});
