/**
 * An ARI request that DynamoDB fails half-way (SPEC §5b): it answers a failure with its first change written,
 * and sending it again under the same Idempotency-Key finishes it: every night written, each value in the
 * history once (the nights already written change nothing the second time).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stores } from '../../lib/store/stores.js';
import { day, night } from '../../local/calendar.js';
import { catalogWithRatePlans, GARDEN } from '../fixtures/rate-plans.js';
import { type Harness, startHarness } from './harness.js';

let harness: Harness;
let token = '';
beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'channel-hub-admin-faults-')), 'catalog.json');
  writeFileSync(file, JSON.stringify(catalogWithRatePlans()));
  harness = await startHarness({
    console: true,
    chaos: { dynamodb: {} },
    env: { CATALOG_FILE: file, CONSOLE_USERS: 'mia:revenue:Mia-pass-1!' },
  });
  const cognito = harness.stack.cognito;
  if (cognito === undefined) throw new Error('no user pool');
  const client = new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const signedIn = await client.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: cognito.clientId,
      AuthParameters: { USERNAME: 'mia', PASSWORD: 'Mia-pass-1!' },
    }),
  );
  client.destroy();
  token = signedIn.AuthenticationResult?.AccessToken ?? '';
});
afterAll(async () => {
  await harness.stop();
});

/** Two changes: 5 nights that DynamoDB writes, then 55 it fails. */
const changes = [
  { roomType: GARDEN, ratePlan: 'BAR', from: day(100), to: day(105), set: { price: 65000 } },
  { roomType: GARDEN, ratePlan: 'BAR', from: day(105), to: day(160), set: { price: 65000 } },
];
const send = () =>
  fetch(`${harness.stack.url}/admin/ari`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'half-way' },
    body: JSON.stringify({ changes }),
  });

describe('an ARI change cut half-way by DynamoDB', () => {
  it('is finished by sending it again under its key: every night written, each in the history once', async () => {
    // Prepare: the first change's five nights go through; every write after them fails with a 500.
    harness.stack.chaos?.dynamodb.failNext(
      'UpdateItem',
      ...Array.from({ length: 5 }, () => 'delay' as const),
      ...Array.from({ length: 300 }, () => 'serverError' as const),
    );
    const first = await send();
    const written = [...(await stores().nights.read(GARDEN, { first: night(100), last: night(159) })).values()].filter(
      (stored) => stored.plans.BAR?.price === 65000,
    ).length;
    harness.stack.chaos?.dynamodb.clearScripted();
    const again = await send();

    expect(first.status).toBe(500);
    expect(written).toBe(5);
    expect(again.status).toBe(200);
    const nights = await stores().nights.read(GARDEN, { first: night(100), last: night(159) });
    expect([...nights.values()].filter((stored) => stored.plans.BAR?.price === 65000)).toHaveLength(60);
    const history = await stores().ariHistory.list(GARDEN, { first: night(100), last: night(159) }, 'BAR');
    expect(history).toHaveLength(60);
    expect(new Set(history.map((entry) => entry.night)).size).toBe(60);
  });
});
