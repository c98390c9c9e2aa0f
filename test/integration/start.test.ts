import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CatalogError, EXAMPLE_CATALOG_FILE } from '../../lib/catalog/catalog.js';
import { stores } from '../../lib/store/stores.js';
import { startLocalStack } from '../../local/stack.js';

const dir = mkdtempSync(join(tmpdir(), 'channel-hub-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quiet = { port: 0, worker: false, sweepIntervalMs: 0 } as const;

describe('the local stack start', () => {
  it('refuses a broken catalog, naming the entry, and leaves nothing running', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ hotels: [{ supplierExtId: 'SUP-X' }] }));

    const refused = startLocalStack({ ...quiet, dataDir: dir, env: { CATALOG_FILE: broken } });

    await expect(refused).rejects.toThrow(CatalogError);
    await expect(refused).rejects.toThrow('catalog refused: hotels[0] (SUP-X).hotelCode: is required');
    // The embedded DynamoDB and SQS were closed: their files under the same DATA_DIR open again.
    const stack = await startLocalStack({ ...quiet, dataDir: dir, env: { CATALOG_FILE: EXAMPLE_CATALOG_FILE } });
    try {
      expect((await fetch(`${stack.url}/health`)).status).toBe(200);
      expect((await stores().catalog.roomType('RT-DLX-TWIN'))?.hotel.supplierExtId).toBe('SUP-SEL-001');
    } finally {
      await stack.stop();
    }
  });
});
