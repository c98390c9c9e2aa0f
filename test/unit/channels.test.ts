/**
 * The channel registry: every registered channel has every part the rest of Channel Hub derives from it, so a
 * channel added to the registry without one of them fails here, not silently in production.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNEL_FUNCTIONS, CHANNEL_IDS, CHANNELS } from '../../lib/channels/registry.js';
import { matchRoute } from '../../lib/http/routes.js';
import { WorkType } from '../../lib/orders/index.js';
import { eraseFromHistory } from '../../lib/privacy/erase.js';
import { parseWorkMessage } from '../../lib/queue/work-queue.js';
import type { InboundRecord } from '../../lib/store/ports.js';
import { httpHandlers } from '../../local/handlers.js';

const root = new URL('../../', import.meta.url);
const unique = (values: readonly string[]) => new Set(values).size === values.length;

describe('the channel registry', () => {
  it('names each channel, function, route and path once', () => {
    expect(unique(CHANNEL_IDS)).toBe(true);
    expect(unique(CHANNEL_FUNCTIONS.map((fn) => fn.name))).toBe(true);
    expect(unique(CHANNEL_FUNCTIONS.map((fn) => fn.route))).toBe(true);
    expect(unique(CHANNEL_FUNCTIONS.map((fn) => `${fn.method} ${fn.path}`))).toBe(true);
  });

  describe.each(CHANNELS.map((channel) => [channel.id, channel] as const))('%s', (id, channel) => {
    it('keeps its descriptor in its own folder', () => {
      expect(existsSync(new URL(`lib/${id}/channel.ts`, root))).toBe(true);
      expect(channel.orderIdName).not.toBe('');
      expect(channel.functions.length).toBeGreaterThan(0);
    });

    it.each(channel.functions.map((fn) => [fn.name, fn] as const))(
      'has %s as a Lambda, routed here and locally',
      async (name, fn) => {
        expect(existsSync(new URL(`functions/${name}.ts`, root))).toBe(true);
        expect(typeof (await import(`../../functions/${name}.ts`)).handler).toBe('function');
        expect(matchRoute(fn.method, `${fn.path}/`)?.functionName).toBe(name);
        expect(httpHandlers[name]).toBeTypeOf('function');
        expect(fn.table.length).toBeGreaterThan(0);
      },
    );

    it('has its work taken by the queue', () => {
      expect(parseWorkMessage(JSON.stringify({ channel: id, orderId: '1', workId: 'w' }))).toMatchObject({ channel: id });
    });

    it('owes only work the worker knows', () => {
      const known: string[] = Object.values(WorkType);
      for (const work of Object.values(channel.owes)) expect(known).toContain(work);
    });

    it('says where its guest data is, on routes of its own, and erasure finds it there', () => {
      const routes = channel.functions.map((fn) => fn.route);
      expect(channel.guestData.routes.length).toBeGreaterThan(0);
      for (const route of channel.guestData.routes) {
        expect(routes).toContain(route);
        const [field] = channel.guestData.format === 'json' ? channel.guestData.fields : channel.guestData.elements;
        const rawBody =
          channel.guestData.format === 'json'
            ? JSON.stringify({ [field ?? '']: 'Zhang San' })
            : `<X><${field}>Zhang San</${field}></X>`;
        const erased = eraseFromHistory({ route, rawBody } as InboundRecord);
        expect(erased?.rawBody).toBeDefined();
        expect(erased?.rawBody).not.toContain('Zhang San');
      }
    });
  });

  it('refuses work for a channel nobody registered', () => {
    expect(parseWorkMessage(JSON.stringify({ channel: 'nobody', orderId: '1', workId: 'w' }))).toBeUndefined();
  });
});
