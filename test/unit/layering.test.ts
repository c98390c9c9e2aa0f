/**
 * The layering of lib/: every import goes to its own folder or to a lower layer, never up or sideways, and
 * lib/ never imports the Lambdas, the stack or the local stack. The order core (lib/orders) is pure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Lower numbers are lower layers; a folder may import its own layer's files only within itself. */
const LAYERS: Record<string, number> = {
  'errors.ts': 0,
  // The channel registry and each channel's descriptor (lib/<channel>/channel.ts): data every layer may read.
  channels: 1.5,
  'retry.ts': 0,
  validation: 0,
  orders: 1,
  // The catalog reads the channel registry (which channels a rate plan may name).
  catalog: 1.7,
  config: 1,
  aws: 2,
  observability: 2,
  store: 3,
  queue: 4,
  http: 4,
  app: 5,
  ax: 6,
  douyin: 6,
  // Douyin's calendar-room family signs and calls as the legacy channel does: it reads lib/douyin's signature and client.
  douyinHotel: 6.5,
  // The admin API, beside the channels: it changes ARI through lib/app.
  admin: 6,
  partner: 6,
  privacy: 6,
  reconcile: 7,
  worker: 7,
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The lib folder (or top-level file) a path is in; a channel's descriptor belongs with the registry. */
const unitOf = (path: string) => {
  const parts = relative(join(root, 'lib'), path).split('/');
  if (parts.length === 2 && /^channel\.[jt]s$/.test(parts[1] ?? '')) return 'channels';
  return (parts[0] ?? '').replace(/\.js$/, '.ts');
};

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)].map((match) =>
    resolve(dirname(file), match[1] ?? ''),
  );
}

const libFiles = files(join(root, 'lib'));

describe('the layering of lib/', () => {
  it('knows the layer of every folder', () => {
    expect(libFiles.map(unitOf).filter((unit) => LAYERS[unit] === undefined)).toEqual([]);
  });

  it('imports only its own folder or a lower layer, and never functions/, infra/ or local/', () => {
    const upward = libFiles.flatMap((file) =>
      imports(file)
        .filter((target) => {
          if (!target.startsWith(join(root, 'lib'))) return true;
          const [from, to] = [unitOf(file), unitOf(target)];
          return from !== to && (LAYERS[to] ?? 99) >= (LAYERS[from] ?? -1);
        })
        .map((target) => `${relative(root, file)} → ${relative(root, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('keeps the order core pure: lib/orders imports only itself, the base error and the jitter', () => {
    const pure = [join(root, 'lib/errors.js'), join(root, 'lib/retry.js')];
    const outside = files(join(root, 'lib/orders')).flatMap((file) =>
      imports(file)
        .filter((target) => !target.startsWith(join(root, 'lib/orders')) && !pure.includes(target))
        .map((target) => `${relative(root, file)} → ${relative(root, target)}`),
    );
    expect(outside).toEqual([]);
  });

  it('keeps the in-memory stores out of the Lambdas', () => {
    const users = [...files(join(root, 'functions')), ...libFiles].filter((file) =>
      imports(file).some((target) => target.includes('/lib/store/memory/')),
    );
    expect(users.map((file) => relative(root, file)).filter((file) => !file.startsWith('lib/store/memory'))).toEqual([]);
  });
});
