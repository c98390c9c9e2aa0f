/**
 * The fake of Douyin's calendar-room caller holds a supplier to the family's protocol: a reply with an
 * unofficial code (a third party's 18 "日历房态关闭"), a 7 for a stored booking, or no `data` fails the test
 * that made the call; and it signs as Douyin does, with both log-id formats.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySpi } from '../../lib/douyin/signature.js';
import { FakeDouyinHotel } from '../../local/fakes/fake-douyin-hotel.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

/** A supplier on loopback that answers `reply` and keeps what it was sent. */
async function supplier(reply: unknown) {
  const seen: { headers: IncomingMessage['headers']; url: string; body: Buffer }[] = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ headers: request.headers, url: request.url ?? '', body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen };
}

describe('the fake Douyin calendar-room caller', () => {
  it.each([
    ['an unofficial code', { data: { error_code: 18, description: '日历房态关闭' } }, 'unofficial error_code 18'],
    ['7 for a booking', { data: { error_code: 7, description: '重复提交' } }, '7 answered'],
    ['no data', { error_code: 0 }, 'no data.error_code'],
  ])('fails on %s', async (_why, reply, message) => {
    const { url } = await supplier(reply);
    await expect(new FakeDouyinHotel(url, 'ck', 'secret').call('create-order', { order_id: '1' })).rejects.toThrow(message);
  });

  it('signs each call as Douyin does, with the log id of its kind', async () => {
    const { url, seen } = await supplier({ data: { error_code: 0, description: 'success' } });
    const douyin = new FakeDouyinHotel(url, 'ck', 'secret');

    const create = await douyin.call('create-order', { order_id: '1114718827641622951' });
    const check = await douyin.call('can-buy', { rate_plan_id: '1871928630088720' });

    expect(create.logId).toMatch(/^021\d{13}[0-9a-f]+$/);
    expect(create.logId).toHaveLength(53);
    expect(check.logId).toMatch(/^\d{14}[0-9a-f]{20}$/);
    for (const request of seen) {
      const query = new URL(request.url, url).searchParams;
      expect(query.get('sign')).toMatch(/^[0-9a-f]{32}$/);
      expect(request.headers['x-life-clientkey']).toBe('ck');
      const signature = String(request.headers['x-life-sign']);
      expect(verifySpi({ clientSecret: 'secret', query, body: request.body, signature, now: Date.now() })).toEqual({ ok: true });
    }
  });
});
