/**
 * The admin API end to end on the local stack (SPEC §5b, §10): users of the Cognito stand-in sign in with
 * USER_PASSWORD_AUTH, the gateway checks their access tokens as the JWT authorizer does and the Lambdas
 * check them again with their groups; a change of a rate plan's weekends is read back by both channels and
 * kept in the history that `ops ari history` prints.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYmd } from '../../lib/orders/index.js';
import { day, night } from '../../local/calendar.js';
import { douyinOrder } from '../../local/orders.js';
import { catalogWithRatePlans, GARDEN, GARDEN_HOTEL } from '../fixtures/rate-plans.js';
import { commitBody, douyinGet, douyinPost, type Harness, ops, opsDataDir, startHarness, waitFor } from './harness.js';

const data = opsDataDir('admin-api');
let harness: Harness;
let config: { userPoolId: string; clientId: string; endpoint: string };
beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'channel-hub-admin-')), 'catalog.json');
  writeFileSync(file, JSON.stringify(catalogWithRatePlans()));
  harness = await startHarness({
    console: true,
    endpointsFile: data.endpointsFile,
    env: { CATALOG_FILE: file, CONSOLE_USERS: 'mia:revenue:Mia-pass-1!,val:viewer:Val-pass-1!,otto:operator:Otto-pass-1!' },
  });
  process.env.DATA_DIR = data.dir;
  config = (await (await fetch(`${harness.stack.url}/console/config.json`)).json()) as typeof config;
});
afterAll(async () => {
  await harness.stop();
  data.remove();
});

async function signIn(username: string, password: string): Promise<string> {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: config.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { AuthenticationResult, ChallengeName } = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: config.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  cognito.destroy();
  expect(ChallengeName).toBeUndefined();
  return AuthenticationResult?.AccessToken ?? '';
}

const postAri = (token: string | undefined, changes: unknown[]) =>
  fetch(`${harness.stack.url}/admin/ari`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ changes }),
  });

const weekend = (n: number) => [0, 6].includes((parseYmd(night(n)) as Date).getUTCDay());

describe('the admin API behind the console’s user pool', () => {
  it('names its user pool to anyone', () => {
    expect(config).toMatchObject({ region: 'us-east-1', userPoolId: expect.any(String), clientId: expect.any(String) });
    expect(config.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses no token at the gateway (401), a viewer’s change in the Lambda (403), and changes nothing', async () => {
    const change = { roomType: GARDEN, ratePlan: 'BAR', from: day(40), to: day(54), days: ['sat', 'sun'], set: { price: 1 } };
    expect((await postAri(undefined, [change])).status).toBe(401);
    expect((await postAri('not-a-token', [change])).status).toBe(401);
    expect((await postAri(await signIn('val', 'Val-pass-1!'), [change])).status).toBe(403);
    expect((await douyinGet(harness.stack, { spu_ext_id: GARDEN, start_date: night(40), end_date: night(54) })).data).toEqual([
      expect.objectContaining({ price: 50000, start_date: night(40), end_date: night(54) }),
    ]);
  });

  it('sets next month’s weekend price for one plan, which Douyin’s pull shows at once, with the history naming who', async () => {
    const token = await signIn('mia', 'Mia-pass-1!');
    const reply = await postAri(token, [
      { roomType: GARDEN, ratePlan: 'BAR', from: day(40), to: day(54), days: ['sat', 'sun'], set: { price: 68800 } },
    ]);
    expect(reply.status).toBe(200);

    const pulled = (await douyinGet(harness.stack, { spu_ext_id: GARDEN, start_date: night(40), end_date: night(54) }))
      .data as unknown as {
      start_date: string;
      end_date: string;
      price: number;
    }[];
    const priceOn = (n: number) => pulled.find((run) => run.start_date <= night(n) && night(n) < run.end_date)?.price;
    for (let n = 40; n < 54; n++) expect([n, priceOn(n)]).toEqual([n, weekend(n) ? 68800 : 50000]);
    // The derived plan follows on Douyin: 68800 − 12 % = 60544.
    const firstWeekend = Array.from({ length: 14 }, (_, index) => 40 + index).find(weekend) as number;
    expect(
      (
        await douyinGet(harness.stack, {
          spu_ext_id: `${GARDEN}-NRF`,
          start_date: night(firstWeekend),
          end_date: night(firstWeekend + 1),
        })
      ).data,
    ).toEqual([expect.objectContaining({ price: 60544 })]);

    const grid = (await (
      await fetch(`${harness.stack.url}/admin/ari?hotel=${GARDEN_HOTEL}&from=${day(firstWeekend)}&to=${day(firstWeekend + 1)}`, {
        headers: { authorization: `Bearer ${await signIn('val', 'Val-pass-1!')}` },
      })
    ).json()) as { roomTypes: { ratePlans: { code: string; nights: { prices: Record<string, number> }[] }[] }[] };
    expect(grid.roomTypes[0]?.ratePlans[0]?.nights[0]?.prices).toEqual({ douyin: 68800, partner: 74304 });

    const history = await ops('ari', 'history', GARDEN, day(firstWeekend), day(firstWeekend + 1));
    expect(history.out).toMatch(
      new RegExp(
        `mia \\(api\\)  ${day(firstWeekend)} BAR price: undefined → 68800|mia \\(api\\)  ${day(firstWeekend)} BAR price: - → 68800`,
      ),
    );
  });
});

const adminGet = async (token: string, path: string) => {
  const reply = await fetch(`${harness.stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
};
const adminPost = async (token: string, path: string, body: unknown) => {
  const reply = await fetch(`${harness.stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
};

describe('the console’s orders, work and health on DynamoDB Local', () => {
  it('pages orders through the arrival index, latest arrival first, and tells an order’s story', async () => {
    const token = await signIn('val', 'Val-pass-1!');
    const ids: string[] = [];
    for (const offset of [0, 1, 2]) {
      const body = commitBody({ check_in: night(60 + offset), check_out: night(61 + offset), total_price: 58800 });
      await douyinPost(harness.stack, 'commit', body);
      ids.push(body.order_id);
    }
    const range = `from=${day(60)}&to=${day(62)}`;

    const first = await adminGet(token, `/admin/orders?${range}&limit=2`);
    const next = encodeURIComponent(String(first.body.next));
    const second = await adminGet(token, `/admin/orders?${range}&limit=2&cursor=${next}`);
    const story = await adminGet(token, `/admin/orders/${ids[0]}`);

    const orderIds = (page: { body: Record<string, unknown> }) =>
      (page.body.orders as { orderId: string }[]).map((o) => o.orderId);
    expect(orderIds(first)).toEqual([ids[2], ids[1]]);
    expect(orderIds(second)).toEqual([ids[0]]);
    expect(story.body.orders).toEqual([
      expect.objectContaining({ orderId: ids[0], inbound: [expect.objectContaining({ route: 'commit', code: '0' })] }),
    ]);
  });

  it('counts each channel’s calls, and redrives the DLQ for an operator only, keeping who did it', async () => {
    const viewer = await signIn('val', 'Val-pass-1!');
    const operator = await signIn('otto', 'Otto-pass-1!');
    harness.douyin.failNext('status', { body: { data: { error_code: 2119001 } } });
    const body = commitBody({ status: 1 });
    await douyinPost(harness.stack, 'commit', body);
    await waitFor(async () => ((await adminGet(viewer, '/admin/work')).body.dlq === 1 ? true : undefined), 15_000, 'the DLQ');

    const health = await adminGet(viewer, '/admin/health');
    const refused = await adminPost(viewer, '/admin/work/redrive', {});
    const redriven = await adminPost(operator, '/admin/work/redrive', {});

    expect(health.body).toMatchObject({
      channels: expect.arrayContaining([
        expect.objectContaining({ channel: 'douyin', lastCall: expect.objectContaining({ outcome: 'ok' }) }),
      ]),
      dlq: 1,
    });
    const douyin = (health.body.channels as { channel: string; lastHour: { calls: number } }[]).find(
      (c) => c.channel === 'douyin',
    );
    expect(douyin?.lastHour.calls).toBeGreaterThanOrEqual(1);
    expect(refused.status).toBe(403);
    expect(redriven.body).toMatchObject({ moved: [`douyin.order-status of ${body.order_id}`], waiting: 1 });
    await waitFor(() => harness.douyin.acceptedStatus(body.order_id) === 0, 10_000, 'delivery after redrive');
    const story = await adminGet(viewer, `/admin/orders/${body.order_id}`);
    expect((story.body.orders as { inbound: unknown[] }[])[0]?.inbound).toContainEqual(
      expect.objectContaining({ route: 'action redrive', who: 'otto' }),
    );
    expect((await douyinOrder(body.order_id))?.status).toBe('PAID');
  });
});
