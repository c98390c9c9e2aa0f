/**
 * Loading a catalog into the table (`ops catalog load`, the local stack's start): it becomes the whole
 * catalog, each room type's nightly prices are seeded from it, and each managed room type's allotment too,
 * keeping what is held: after a load the catalog's numbers stand again.
 */
import type { CatalogIndex } from '../catalog/catalog.js';
import type { Inventory } from '../catalog/schema.js';
import type { AllotmentChange } from '../store/ports.js';
import { stores } from '../store/stores.js';
import { allotmentOf } from './nights.js';
import { seedPrices } from './rates.js';

/**
 * Seeds a room type's allotment from the catalog without losing a hold: every night the catalog names, and
 * every night already stored, takes the catalog's number (`available` follows, held stays).
 * @returns the nights whose new allotment is below what they hold.
 */
async function seedAllotment(spuExtId: string, inventory: Inventory): Promise<AllotmentChange[]> {
  const stored = await stores().nights.read(spuExtId);
  const named = Object.keys(inventory).filter((key) => key !== 'default');
  const nights = [
    ...new Set([...named, ...[...stored.values()].filter((night) => night.allotment !== undefined).map((night) => night.night)]),
  ];
  const changes: AllotmentChange[] = [];
  for (const night of nights.sort()) {
    changes.push(await stores().nights.setAllotment(spuExtId, night, allotmentOf(inventory, night), true));
  }
  return changes.filter((change) => (stored.get(change.night)?.held ?? 0) > change.allotment);
}

/**
 * Makes the stored catalog this one and seeds each managed room type's allotment. Readers may see a mix of
 * the two catalogs while it runs.
 * @returns the counts, and the nights whose new allotment is below what they already hold.
 */
export async function writeCatalog(
  index: CatalogIndex,
): Promise<{ written: number; removed: number; belowHeld: (AllotmentChange & { spuExtId: string })[] }> {
  const { written, removed } = await stores().catalog.replaceAll(index.entries());
  const belowHeld: (AllotmentChange & { spuExtId: string })[] = [];
  for (const { roomType } of index.entries()) {
    await seedPrices(roomType.spuExtId, roomType.rate);
    if (roomType.inventory === undefined) continue;
    for (const change of await seedAllotment(roomType.spuExtId, roomType.inventory))
      belowHeld.push({ ...change, spuExtId: roomType.spuExtId });
  }
  return { written, removed, belowHeld };
}
