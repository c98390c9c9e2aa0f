/** What a room type's nights hold, read for the operator, the partner's quotes and Douyin's pull (SPEC §5). */
import type { Inventory } from '../catalog/schema.js';
import type { StoredNight } from '../store/ports.js';
import { stores } from '../store/stores.js';
import { allotmentOf } from './nights.js';

export interface NightStock {
  night: string;
  allotment: number;
  held: number;
  available: number;
}

/**
 * Allotment, held and available for each night (yyyyMMdd) given: the stored night, or the catalog's
 * allotment with nothing held for a night no order has touched yet.
 */
export async function nightStock(spuExtId: string, nights: string[], inventory: Inventory): Promise<NightStock[]> {
  const [first, last] = [nights[0], nights.at(-1)];
  if (first === undefined || last === undefined) return [];
  return stockFrom(await stores().nights.read(spuExtId, { first, last }), nights, inventory);
}

/** Each night's stock from the stored nights already read. */
export function stockFrom(stored: Map<string, StoredNight>, nights: string[], inventory: Inventory): NightStock[] {
  return nights.map((night) => {
    const allotment = stored.get(night)?.allotment ?? allotmentOf(inventory, night);
    const held = stored.get(night)?.held ?? 0;
    return { night, allotment, held, available: stored.get(night)?.available ?? allotment - held };
  });
}

/** The rooms still available over all of these nights (the smallest night's), never below 0. */
export function availableOf(stock: readonly NightStock[]): number {
  return Math.max(0, Math.min(...stock.map((night) => night.available)));
}
