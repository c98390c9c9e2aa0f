/**
 * Strangers cost nothing (SPEC §2): a request that fails authentication, or is refused before it (too
 * large, not XML), keeps its metadata only. No byte of its body reaches the table.
 */
import { createHash, randomUUID } from 'node:crypto';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../lib/config/config.js';
import { dynamo } from '../../lib/store/dynamodb/client.js';
import { stores } from '../../lib/store/stores.js';
import { commitBody, douyinPost, type Harness, searchOrderXml, startHarness } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ worker: false });
});
afterAll(() => harness.stop());

/** Every item in the table, as text. */
async function wholeTable(): Promise<string> {
  const items: unknown[] = [];
  for await (const page of paginateScan({ client: dynamo() }, { TableName: getConfig().tableName }))
    items.push(...(page.Items ?? []));
  return JSON.stringify(items);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('a request that fails authentication', () => {
  it('keeps route, time, size, a hash, the headers that matter and the outcome, and none of its bytes', async () => {
    // Prepare: four strangers' requests, each carrying a marker, and one partner's refused request.
    const marker = `STRANGER-${randomUUID()}`;
    const badlySigned = JSON.stringify(commitBody({ customer_name: marker }));
    const tooLarge = JSON.stringify(commitBody({ remark: marker.repeat(3_000) }));
    const xmlBadlySigned = searchOrderXml({ OrderId: marker }, { password: 'guessed' });
    const notXml = `<SearchOrderRequest>${marker}`;
    const signedButWrong = commitBody({ customer_name: `${marker}-PARTNER`, status: 7 });
    const post = (path: string, body: string) => fetch(`${harness.stack.url}${path}`, { method: 'POST', body });

    // Act
    const refused = [
      await douyinPost(harness.stack, 'commit', undefined, { rawBody: badlySigned, secret: 'guessed' }),
      await douyinPost(harness.stack, 'commit', undefined, { rawBody: tooLarge, secret: null }),
    ];
    const partner = [await (await post('/searchOrder', xmlBadlySigned)).text(), await (await post('/partner', notXml)).text()];
    const partnerOwn = await douyinPost(harness.stack, 'commit', signedButWrong);

    // Assess: the answers, no stranger's byte anywhere in the table, and the partner's own body kept.
    expect(refused.map((reply) => reply.error_code)).toEqual([40101, 41301]);
    expect(partner[0]).toContain('<Code>AUTH_FAILED</Code>');
    expect(partner[1]).toContain('<Code>INVALID_REQUEST</Code>');
    expect(partnerOwn.error_code).toBe(40001);
    const table = await wholeTable();
    expect(table.replaceAll(`${marker}-PARTNER`, '')).not.toContain(marker);
    expect(table).toContain(`${marker}-PARTNER`);

    const today = new Date().toISOString().slice(0, 10);
    const records = (await stores().history.listUnmatched(today)).filter((record) =>
      [badlySigned, tooLarge, xmlBadlySigned, notXml].map(sha256).includes(record.bodySha256),
    );
    expect(records).toHaveLength(4);
    for (const record of records) {
      expect(record).toMatchObject({ authenticated: false, bodyBytes: expect.any(Number), route: expect.any(String) });
      expect(record.rawBody).toBeUndefined();
      expect(record.outcome.code).toBeDefined();
      const { expiresAt } = record as unknown as { expiresAt: number };
      expect(expiresAt - Math.floor(record.at / 1000)).toBe(7 * 24 * 3600);
    }
    expect(records.find((record) => record.bodySha256 === sha256(tooLarge))?.bodyBytes).toBe(Buffer.byteLength(tooLarge));
    expect(records.find((record) => record.bodySha256 === sha256(badlySigned))?.headers).toMatchObject({
      'content-type': 'application/json',
      'query.client_key': 'ck_test',
    });
  });
});
