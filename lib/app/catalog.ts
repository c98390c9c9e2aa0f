/**
 * Loading a catalog into the table (`ops catalog load`, the local stack's start): it becomes the whole
 * catalog, and each managed room type's allotment is seeded from it, keeping what is held. Its rate plans'
 * prices and rules are defaults, read from the catalog itself: a load never removes a night's override made
 * since (SPEC §5b).
 */
import type { CatalogEntry, CatalogIndex } from '../catalog/catalog.js';
import { plansOf, type RatePlan, sellsOn } from '../catalog/plans.js';
import type { Inventory } from '../catalog/schema.js';
import { channelOf } from '../channels/registry.js';
import { formatYmd } from '../orders/index.js';
import type { AllotmentChange, AriHistoryEntry } from '../store/ports.js';
import { stores } from '../store/stores.js';
import { allotmentOf } from './nights.js';

/**
 * The room type and rate plan a channel names by a code of its own (Douyin's legacy `spu_ext_id`), live from
 * the stored catalog: a plan is found under the room type of that code first (its own plan), else anywhere.
 * @example await planSoldAs('douyin', 'RT-FAM-SUITE-NRF') // { entry: …RT-FAM-SUITE, plan: …NRF }
 */
export async function planSoldAs(channel: string, code: string): Promise<{ entry: CatalogEntry; plan: RatePlan } | undefined> {
  const field = channelOf(channel)?.planCode;
  if (field === undefined) return undefined;
  const names = (plan: RatePlan) => sellsOn(plan, channel) && plan.channels[channel]?.[field] === code;
  const direct = await stores().catalog.roomType(code);
  const own = direct === undefined ? undefined : plansOf(direct.roomType).find(names);
  if (direct !== undefined && own !== undefined) return { entry: direct, plan: own };
  for (const entry of await stores().catalog.entries()) {
    const plan = plansOf(entry.roomType).find(names);
    if (plan !== undefined) return { entry, plan };
  }
  return undefined;
}

/**
 * Seeds a room type's allotment from the catalog without losing a hold: every night the catalog names, and
 * every night already stored, takes the catalog's number (`available` follows, held stays).
 * @returns the nights whose new allotment is below what they hold.
 */
async function seedAllotment(spuExtId: string, inventory: Inventory, now: number): Promise<AllotmentChange[]> {
  const stored = await stores().nights.read(spuExtId);
  const named = Object.keys(inventory).filter((key) => key !== 'default');
  const nights = [
    ...new Set([...named, ...[...stored.values()].filter((night) => night.allotment !== undefined).map((night) => night.night)]),
  ];
  const changes: AllotmentChange[] = [];
  for (const night of nights.sort()) {
    changes.push(await stores().nights.setAllotment(spuExtId, night, allotmentOf(inventory, night), true));
  }
  // A load that changes a stored night's allotment says so in the history, as any other change does.
  const history: AriHistoryEntry[] = changes
    .filter(
      (change) => stored.get(change.night)?.allotment !== undefined && stored.get(change.night)?.allotment !== change.allotment,
    )
    .map((change) => ({
      ...FROM_CATALOG,
      at: now,
      roomType: spuExtId,
      night: change.night,
      field: 'allotment',
      before: stored.get(change.night)?.allotment,
      after: change.allotment,
    }));
  if (history.length > 0) await stores().ariHistory.append(history);
  return changes.filter((change) => (stored.get(change.night)?.held ?? 0) > change.allotment);
}

/** `--reset-ari` drops the markups set since the last load: each in the history, under the load's day. */
async function recordMarkupsCleared(now: number): Promise<void> {
  const history: AriHistoryEntry[] = [];
  for (const entry of await stores().catalog.entries()) {
    for (const [plan, channels] of Object.entries(entry.markups ?? {})) {
      for (const [channel, before] of Object.entries(channels)) {
        const after = plansOf(entry.roomType).find((known) => known.code === plan)?.channels[channel]?.markupPercent ?? 0;
        history.push({
          ...FROM_CATALOG,
          at: now,
          roomType: entry.roomType.spuExtId,
          ratePlan: plan,
          night: formatYmd(new Date(now)),
          field: `markup.${channel}`,
          before,
          after,
        });
      }
    }
  }
  if (history.length > 0) await stores().ariHistory.append(history);
}

/** Who a catalog load is, in the history. */
const FROM_CATALOG = { who: 'catalog', source: 'catalog' } as const;

/** `--reset-ari`: every override of a room type's plans cleared back to the catalog's defaults, each in the history. */
async function resetOverrides(spuExtId: string, now: number): Promise<void> {
  const history: AriHistoryEntry[] = [];
  for (const stored of (await stores().nights.read(spuExtId)).values()) {
    for (const [plan, overrides] of Object.entries(stored.plans)) {
      const fields = Object.keys(overrides);
      if (fields.length === 0) continue;
      const before = await stores().nights.setPlanNight(
        spuExtId,
        stored.night,
        plan,
        Object.fromEntries(fields.map((field) => [field, null])),
      );
      for (const [field, value] of Object.entries(before)) {
        history.push({ ...FROM_CATALOG, at: now, roomType: spuExtId, ratePlan: plan, night: stored.night, field, before: value });
      }
    }
  }
  if (history.length > 0) await stores().ariHistory.append(history);
}

/**
 * Makes the stored catalog this one and seeds each managed room type's allotment. Readers may see a mix of
 * the two catalogs while it runs.
 * @returns the counts, and the nights whose new allotment is below what they already hold.
 */
export async function writeCatalog(
  index: CatalogIndex,
  options: { resetAri?: boolean; now?: number } = {},
): Promise<{ written: number; removed: number; belowHeld: (AllotmentChange & { spuExtId: string })[] }> {
  const now = options.now ?? Date.now();
  if (options.resetAri === true) await recordMarkupsCleared(now);
  const { written, removed } = await stores().catalog.replaceAll(index.entries(), { resetMarkups: options.resetAri === true });
  const belowHeld: (AllotmentChange & { spuExtId: string })[] = [];
  for (const { roomType } of index.entries()) {
    if (options.resetAri === true) await resetOverrides(roomType.spuExtId, now);
    if (roomType.inventory === undefined) continue;
    for (const change of await seedAllotment(roomType.spuExtId, roomType.inventory, now))
      belowHeld.push({ ...change, spuExtId: roomType.spuExtId });
  }
  return { written, removed, belowHeld };
}
