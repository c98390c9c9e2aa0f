/**
 * Changing ARI (SPEC §5b): one path for the admin API, `ops` and the console. A request's changes are checked
 * as a whole against the catalog before anything is written; then each is applied night by night, in order
 * (the last wins), and every value that changed is kept in the history with who changed it, before and after.
 * Sending the same request again writes the same values: nothing is left half-applied for good.
 */
import type { CatalogEntry } from '../catalog/catalog.js';
import { planOf, plansOf, type RatePlan, sellsOn } from '../catalog/plans.js';
import type { RoomType } from '../catalog/schema.js';
import { CHANNEL_IDS } from '../channels/registry.js';
import { dashedYmd, formatYmd, nightsBetween, type PlanNight, parseYmd, RULE_FIELDS } from '../orders/index.js';
import type { AriHistoryEntry, PlanNightChange, StoredNight } from '../store/ports.js';
import { stores } from '../store/stores.js';
import { allotmentOf } from './nights.js';
import { owePushes } from './push.js';
import { planPrice, sellingPrice, storedNights } from './rates.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** What one change may set: the room type's allotment, or a plan's night fields (null clears an override). */
interface AriSet extends PlanNightChange {
  allotment?: number;
  /** The plan's markup per channel, percent (null: back to the catalog's): not per night. */
  markup?: Record<string, number | null>;
}

/** One change: a room type (and rate plan), nights `from` … `to` (yyyyMMdd, `to` exclusive), some weekdays. */
export interface AriChange {
  roomType: string;
  ratePlan?: string;
  from: string;
  to: string;
  days?: Weekday[];
  set: AriSet;
  /** An allotment below what is held is set only when forced. */
  force?: boolean;
}

export interface AriError {
  /** Where in the request: `changes[1].set.minStay`. */
  path: string;
  message: string;
}

/** Who changes ARI and through what, for the history. */
export interface Actor {
  who: string;
  source: AriHistoryEntry['source'];
}

/** At most this many nights in one change, and in one request (SPEC §5b). */
export const MAX_CHANGE_NIGHTS = 731;
const MAX_REQUEST_NIGHTS = 50_000;

/** The nights a change names: its range, kept to its weekdays. */
function nightsOf(change: Pick<AriChange, 'from' | 'to' | 'days'>): string[] {
  const nights = nightsBetween(change.from, change.to, MAX_CHANGE_NIGHTS + 1);
  if (change.days === undefined) return nights;
  const days = new Set(change.days.map((day) => WEEKDAYS.indexOf(day)));
  return nights.filter((night) => days.has((parseYmd(night) as Date).getUTCDay()));
}

/** Why a request's changes cannot be applied, every reason with its path; empty when they can. */
export async function problemsOf(changes: readonly AriChange[]): Promise<AriError[]> {
  const problems: AriError[] = [];
  let total = 0;
  for (const [index, change] of changes.entries()) {
    const at = (field: string) => `changes[${index}]${field === '' ? '' : `.${field}`}`;
    const entry = await stores().catalog.roomType(change.roomType);
    if (entry === undefined) {
      problems.push({ path: at('roomType'), message: `no room type ${change.roomType} in the catalog` });
      continue;
    }
    const span = nightsBetween(change.from, change.to, MAX_CHANGE_NIGHTS + 1).length;
    if (span === 0) problems.push({ path: at('to'), message: 'must be after from' });
    if (span > MAX_CHANGE_NIGHTS)
      problems.push({ path: at('to'), message: `a change spans at most ${MAX_CHANGE_NIGHTS} nights` });
    total += nightsOf(change).length;
    const fields = Object.keys(change.set);
    if (fields.length === 0) problems.push({ path: at('set'), message: 'names nothing to set' });
    if (change.ratePlan === undefined) {
      problems.push(...roomTypeProblems(entry, change, at));
      continue;
    }
    const plan = planOf(entry.roomType, change.ratePlan);
    if (plan === undefined) {
      problems.push({
        path: at('ratePlan'),
        message: `no rate plan ${change.ratePlan} of ${change.roomType} (it has ${plansOf(entry.roomType)
          .map((known) => known.code)
          .join(', ')})`,
      });
      continue;
    }
    problems.push(...planProblems(plan, change, at));
  }
  if (total > MAX_REQUEST_NIGHTS)
    problems.push({ path: 'changes', message: `at most ${MAX_REQUEST_NIGHTS} nights in one request` });
  return problems;
}

function roomTypeProblems(entry: CatalogEntry, change: AriChange, at: (field: string) => string): AriError[] {
  const problems: AriError[] = [];
  for (const field of Object.keys(change.set).filter((name) => name !== 'allotment')) {
    problems.push({ path: at(`set.${field}`), message: 'is a rate plan’s: name the ratePlan' });
  }
  if (change.set.allotment !== undefined && entry.roomType.inventory === undefined) {
    problems.push({ path: at('set.allotment'), message: `${change.roomType} is not sold from an allotment of its own` });
  }
  if (change.set.allotment === null)
    problems.push({ path: at('set.allotment'), message: 'cannot be cleared: set a number of rooms' });
  return problems;
}

function planProblems(plan: RatePlan, change: AriChange, at: (field: string) => string): AriError[] {
  const problems: AriError[] = [];
  const { set } = change;
  if (set.allotment !== undefined)
    problems.push({ path: at('set.allotment'), message: 'is the room type’s: leave ratePlan out' });
  if (set.price !== undefined && plan.derivedFrom !== undefined) {
    problems.push({
      path: at('set.price'),
      message: `${plan.code} is derived from ${plan.derivedFrom.ratePlan}: it has no price of its own (change ${plan.derivedFrom.ratePlan}'s)`,
    });
  }
  for (const [channel, percent] of Object.entries(set.markup ?? {})) {
    if (!CHANNEL_IDS.includes(channel)) {
      problems.push({
        path: at(`set.markup.${channel}`),
        message: `no channel ${channel} (channels: ${CHANNEL_IDS.join(', ')})`,
      });
    } else if (
      percent !== null &&
      (!(percent > -100 && percent <= 1000) || Math.abs(percent * 100 - Math.round(percent * 100)) > 1e-6)
    ) {
      problems.push({ path: at(`set.markup.${channel}`), message: 'must be a percentage above −100 with at most two decimals' });
    }
  }
  for (const [index, channel] of (set.closedFor ?? []).entries()) {
    if (!CHANNEL_IDS.includes(channel))
      problems.push({
        path: at(`set.closedFor[${index}]`),
        message: `no channel ${channel} (channels: ${CHANNEL_IDS.join(', ')})`,
      });
  }
  if (typeof set.minStay === 'number' && typeof set.maxStay === 'number' && set.minStay > set.maxStay) {
    problems.push({ path: at('set.minStay'), message: 'must not be above maxStay' });
  }
  return problems;
}

/** The nights of allotment changes, without `force`, that would go below what they hold now. */
export async function belowHeld(changes: readonly AriChange[]): Promise<{ path: string; nights: string[] }[]> {
  const found: { path: string; nights: string[] }[] = [];
  for (const [index, change] of changes.entries()) {
    const { allotment } = change.set;
    if (typeof allotment !== 'number' || change.force === true || change.ratePlan !== undefined) continue;
    const nights = nightsOf(change);
    const [first, last] = [nights[0], nights.at(-1)];
    if (first === undefined || last === undefined) continue;
    const stored = await storedNights(change.roomType, first, last);
    const short = nights.filter((night) => (stored.get(night)?.held ?? 0) > allotment);
    if (short.length > 0) found.push({ path: `changes[${index}].set.allotment`, nights: short.map(dashedYmd) });
  }
  return found;
}

/** What one change wrote: its nights, and those an allotment was not set on (below what they held meanwhile). */
export interface Applied {
  index: number;
  nights: string[];
  notSet?: string[];
}

/**
 * Runs `work` over `items` a few at a time (a year of nights in seconds, within DynamoDB's own pace) and hands
 * each batch's results that succeeded to `record` before going on, or before throwing the first failure: what
 * was written is recorded, whatever stops the rest, so a request sent again records only what it changes.
 */
async function inBatches<T, R>(
  items: readonly T[],
  work: (item: T) => Promise<R>,
  record: (done: { item: T; result: R }[]) => Promise<void>,
  size = 25,
): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    const batch = items.slice(start, start + size);
    const settled = await Promise.allSettled(batch.map(work));
    const done = settled.flatMap((outcome, index) =>
      outcome.status === 'fulfilled' ? [{ item: batch[index] as T, result: outcome.value }] : [],
    );
    await record(done);
    const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }
}

/**
 * Applies checked changes in order and keeps every value that changed in the history, batch by batch.
 * @example await applyChanges([{ roomType: 'RT-DLX-TWIN', ratePlan: 'BAR', from: '20261220', to: '20270105', days: ['fri', 'sat'], set: { price: 68800 } }], { who: 'mia', source: 'api' })
 */
export async function applyChanges(changes: readonly AriChange[], actor: Actor, now = Date.now()): Promise<Applied[]> {
  const applied: Applied[] = [];
  const keep = async (entries: AriHistoryEntry[]) => {
    if (entries.length > 0) await stores().ariHistory.append(entries);
  };
  for (const [index, change] of changes.entries()) {
    const nights = nightsOf(change);
    const base = { at: now, who: actor.who, source: actor.source, roomType: change.roomType };
    const notSet: string[] = [];
    if (change.ratePlan === undefined) {
      const { allotment } = change.set;
      const entry = await stores().catalog.roomType(change.roomType);
      const [first, last] = [nights[0], nights.at(-1)];
      if (typeof allotment === 'number' && first !== undefined && last !== undefined) {
        const stored = await storedNights(change.roomType, first, last);
        await inBatches(
          nights,
          (night) => stores().nights.setAllotment(change.roomType, night, allotment, change.force === true),
          (done) => {
            const entries: AriHistoryEntry[] = [];
            for (const { result } of done) {
              const before = stored.get(result.night)?.allotment ?? allotmentOf(entry?.roomType.inventory, result.night);
              if (!result.set) notSet.push(dashedYmd(result.night));
              else if (before !== allotment)
                entries.push({ ...base, night: result.night, field: 'allotment', before, after: allotment });
            }
            return keep(entries);
          },
        );
      }
    } else {
      const ratePlan = change.ratePlan;
      // The markup is the plan's, not a night's: one write per channel, kept under the change's first night,
      // its before and after the markup in force (the catalog's where none was set).
      const plan = planOf((await stores().catalog.roomType(change.roomType))?.roomType as RoomType, ratePlan);
      for (const [channel, percent] of Object.entries(change.set.markup ?? {})) {
        const catalogs = plan?.channels[channel]?.markupPercent ?? 0;
        const before = (await stores().catalog.setMarkup(change.roomType, ratePlan, channel, percent)) ?? catalogs;
        const after = percent ?? catalogs;
        if (before !== after) await keep([{ ...base, ratePlan, night: change.from, field: `markup.${channel}`, before, after }]);
      }
      const fields = Object.entries(change.set).filter(
        ([field, value]) => value !== undefined && field !== 'allotment' && field !== 'markup',
      );
      if (fields.length === 0) {
        applied.push({ index, nights: [] });
        continue;
      }
      const planChange = Object.fromEntries(fields) as PlanNightChange;
      await inBatches(
        nights,
        (night) => stores().nights.setPlanNight(change.roomType, night, ratePlan, planChange),
        (done) => {
          const entries: AriHistoryEntry[] = [];
          for (const { item: night, result: before } of done) {
            for (const [field, value] of fields) {
              const was = (before as Record<string, unknown>)[field];
              const after = value === null ? undefined : value;
              if (JSON.stringify(was) !== JSON.stringify(after))
                entries.push({ ...base, ratePlan, night, field, before: was, after });
            }
          }
          return keep(entries);
        },
      );
    }
    applied.push({ index, nights: nights.map(dashedYmd), ...(notSet.length === 0 ? {} : { notSet: [...new Set(notSet)] }) });
    const [first, last] = [nights[0], nights.at(-1)];
    if (first !== undefined && last !== undefined) await owePushes(change.roomType, first, last, now);
  }
  return applied;
}

/** One rate plan's night in the grid: its own price, each channel's, and the rules in force. */
export interface GridPlanNight extends PlanNight {
  night: string;
  prices: Record<string, number>;
}

/** The grid of one room type over nights (SPEC §5b `GET /admin/ari`), from one read of its nights. */
export async function roomTypeGrid(entry: CatalogEntry, first: string, last: string) {
  const { roomType } = entry;
  const stored = await storedNights(roomType.spuExtId, first, last);
  const nights = nightsBetween(first, formatYmd(new Date((parseYmd(last) as Date).getTime() + 86_400_000)), MAX_CHANGE_NIGHTS);
  const inventory = roomType.inventory;
  return {
    code: roomType.spuExtId,
    name: roomType.name,
    nights: nights.map((night) => {
      const held = stored.get(night)?.held ?? 0;
      const allotment = inventory === undefined ? undefined : (stored.get(night)?.allotment ?? allotmentOf(inventory, night));
      return {
        night: dashedYmd(night),
        ...(allotment === undefined ? {} : { allotment, held, available: stored.get(night)?.available ?? allotment - held }),
      };
    }),
    ratePlans: plansOf(roomType).map((plan) => ({
      code: plan.code,
      name: plan.name,
      ...(plan.derivedFrom === undefined ? {} : { derivedFrom: plan.derivedFrom }),
      nights: nights.map((night) => planGridNight(entry, plan, night, stored)),
    })),
  };
}

function planGridNight(entry: CatalogEntry, plan: RatePlan, night: string, stored: Map<string, StoredNight>): GridPlanNight {
  const { roomType } = entry;
  const rules: PlanNight = { ...(plan.rules ?? {}) };
  const override = stored.get(night)?.plans[plan.code] ?? {};
  for (const field of RULE_FIELDS) {
    if (override[field] !== undefined) Object.assign(rules, { [field]: override[field] });
  }
  const prices: Record<string, number> = {};
  for (const channel of CHANNEL_IDS.filter((id) => sellsOn(plan, id))) {
    const price = sellingPrice(entry, plan, channel, night, stored);
    if (price !== undefined) prices[channel] = price;
  }
  const price = planPrice(roomType, plan, night, stored);
  return { night: dashedYmd(night), ...(price === undefined ? {} : { price }), prices, ...rules };
}
