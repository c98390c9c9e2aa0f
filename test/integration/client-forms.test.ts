/**
 * Every request form the partners' real clients send (test/fixtures/client-forms.json), one row each,
 * through the HTTP path of the local stack: each must be answered as the contract says.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSpi } from '../../lib/douyin/signature.js';
import { partnerSignature } from '../../lib/partner/auth.js';
import { dated } from '../../local/calendar.js';
import { douyinOrder as getOrder } from '../../local/orders.js';
import fixture from '../fixtures/client-forms.json' with { type: 'json' };

/** The fixture's stays on the test calendar. */
const forms = JSON.parse(dated(JSON.stringify(fixture))) as typeof fixture;

import {
  CLIENT_KEY,
  CLIENT_SECRET,
  commitBody,
  douyinPost,
  type Harness,
  PARTNER_PASSWORD,
  PARTNER_USER,
  startHarness,
} from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ worker: false });
});
afterAll(() => harness.stop());

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => values[name] ?? `{{${name}}}`);
}

/** A fresh unpaid order to cancel, pay or look up. */
async function committedOrder(): Promise<{ order_id: string; order_ext_id: string }> {
  const body = commitBody();
  const reply = await douyinPost(harness.stack, 'commit', body);
  return { order_id: body.order_id, order_ext_id: reply.order_ext_id as string };
}

let sequence = 0;
function freshOrderId(): string {
  sequence += 1;
  return `71${String(Date.now()).slice(-10)}${String(sequence).padStart(5, '0')}`;
}

describe('the Douyin SDKs’ request forms', () => {
  it.each(forms.douyin.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    // Prepare
    const ids = 'needs' in row ? await committedOrder() : { order_id: freshOrderId(), order_ext_id: '' };
    const text = fill(row.body, ids);
    const query = new URLSearchParams({ client_key: CLIENT_KEY, timestamp: String(Date.now()) });

    // Act
    const response = await fetch(`${harness.stack.url}${row.path}?${query}`, {
      method: 'POST',
      headers: { 'content-type': row.contentType, 'x-life-sign': signSpi(CLIENT_SECRET, query, Buffer.from(text, 'utf8')) },
      body: text,
    });

    // Assess: the contract's answer, in both envelopes, and the order as stored.
    expect(response.status).toBe(200);
    const reply = (await response.json()) as Record<string, unknown> & { data: Record<string, unknown> };
    const { stored, ...answer } = row.expect;
    expect(reply).toMatchObject({ ...answer, description: 'success', data: answer });
    if (row.path.includes('/commit')) expect(reply.order_ext_id).toMatch(/^HUB/);
    else expect(reply.order_ext_id).toBe(ids.order_ext_id);
    const order = await getOrder(ids.order_id);
    expect({ ...order?.booking, status: order?.status }).toMatchObject(stored);
  });
});

const xml = new XMLParser({ parseTagValue: false });

describe('the partner’s searchOrder forms', () => {
  it.each(forms.partner.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    // Prepare
    const ids = await committedOrder();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = partnerSignature(PARTNER_USER, PARTNER_PASSWORD, timestamp);

    // Act
    const response = await fetch(`${harness.stack.url}${row.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: fill(row.body, { ...ids, username: PARTNER_USER, timestamp, signature }),
    });

    // Assess
    expect(response.status).toBe(200);
    const { SearchOrderResponse: answer } = xml.parse(await response.text()) as { SearchOrderResponse: Record<string, unknown> };
    expect(answer).toMatchObject({
      TaoBaoOrderId: ids.order_id,
      OrderId: ids.order_ext_id,
      OrderStatus: 'PENDING',
      TotalPrice: '1376.00',
      CurrencyCode: 'CNY',
    });
    expect(answer.Error).toBeUndefined();
    expect(answer.Hotel !== undefined).toBe(row.expect.detail);
  });
});
