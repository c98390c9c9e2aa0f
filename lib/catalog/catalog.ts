/** Parsing the catalog as a whole and looking room types up in it. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CHANNEL_IDS } from '../channels/registry.js';
import { ChannelHubError } from '../errors.js';
import { describeIssue } from '../validation/issues.js';
import { plansOf } from './plans.js';
import { type Catalog, catalogSchema, type Hotel, type RoomType } from './schema.js';

/** The example catalog kept with the project: the local stack's default CATALOG_FILE. */
export const EXAMPLE_CATALOG_FILE = fileURLToPath(new URL('./catalog.example.json', import.meta.url));

/** A catalog that breaks the schema; the message names the bad entry. */
export class CatalogError extends ChannelHubError {
  override readonly name = 'CatalogError';
}

/** A room type together with the hotel it belongs to. */
export interface CatalogEntry {
  readonly hotel: Omit<Hotel, 'roomTypes'>;
  readonly roomType: RoomType;
  /**
   * The markups set since the load (the admin API, `ops`), by plan code then channel id, over the catalog's
   * own `markupPercent`: plan-level settings, kept on the room type's catalog item (SPEC §5b).
   */
  readonly markups?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** An immutable catalog indexed by `spuExtId`. */
export class CatalogIndex {
  readonly #bySpu: Map<string, CatalogEntry>;

  constructor(readonly catalog: Catalog) {
    this.#bySpu = new Map();
    for (const { roomTypes, ...hotel } of catalog.hotels) {
      for (const roomType of roomTypes) this.#bySpu.set(roomType.spuExtId, { hotel, roomType });
    }
  }

  /** The room type with this Douyin `spu_ext_id`, or undefined. */
  find(spuExtId: string): CatalogEntry | undefined {
    return this.#bySpu.get(spuExtId);
  }

  /** Every entry, for loading into DynamoDB. */
  entries(): CatalogEntry[] {
    return [...this.#bySpu.values()];
  }
}

/** A hotel or room type named by its id, for errors: "hotels[0] (SUP-SEL-001)". */
function entryId(entry: unknown): string | undefined {
  const { spuExtId, supplierExtId } = (entry ?? {}) as { spuExtId?: unknown; supplierExtId?: unknown };
  if (typeof spuExtId === 'string') return spuExtId;
  return typeof supplierExtId === 'string' ? supplierExtId : undefined;
}

/**
 * Validates a whole catalog; refuses it as a whole on the first bad entry.
 * @example parseCatalog(JSON.parse(text)).find('RT-DLX-TWIN')?.hotel.hotelCode
 */
export function parseCatalog(input: unknown): CatalogIndex {
  const result = catalogSchema.safeParse(input);
  if (!result.success) throw new CatalogError(`catalog refused: ${describeIssue(result.error, input, entryId)}`);
  const seen = new Map<string, string>();
  const douyinCodes = new Map<string, string>();
  for (const hotel of result.data.hotels) {
    for (const roomType of hotel.roomTypes) {
      const other = seen.get(roomType.spuExtId);
      if (other !== undefined) {
        throw new CatalogError(
          `catalog refused: spuExtId ${roomType.spuExtId} appears in hotels ${other} and ${hotel.supplierExtId}; it must be unique`,
        );
      }
      seen.set(roomType.spuExtId, hotel.supplierExtId);
      checkPlans(roomType, douyinCodes);
    }
  }
  return new CatalogIndex(result.data);
}

/** What the schema cannot see of a room type's plans: unique codes, known channels, parents that exist, no cycles. */
function checkPlans(roomType: RoomType, douyinCodes: Map<string, string>): void {
  const refuse = (message: string) => {
    throw new CatalogError(`catalog refused: ${roomType.spuExtId}: ${message}`);
  };
  const plans = plansOf(roomType);
  const codes = new Set<string>();
  for (const plan of plans) {
    if (codes.has(plan.code)) refuse(`rate plan ${plan.code} appears twice`);
    codes.add(plan.code);
    for (const channel of [...Object.keys(plan.channels), ...(plan.rules?.closedFor ?? [])]) {
      if (!CHANNEL_IDS.includes(channel))
        refuse(`rate plan ${plan.code} names channel ${channel}, which is not one of ${CHANNEL_IDS.join(', ')}`);
    }
    // Each Douyin code names one plan: a legacy spu_ext_id, and a calendar-room rate_plan_id.
    for (const [name, code] of [
      ['Douyin', plan.channels.douyin?.spuExtId],
      ['Douyin calendar room', plan.channels.douyinHotel?.ratePlanId],
    ] as const) {
      if (code === undefined) continue;
      const holder = douyinCodes.get(`${name}:${code}`);
      if (holder !== undefined)
        refuse(`rate plan ${plan.code} is sold on ${name} as ${code}, which ${holder} is sold as already`);
      douyinCodes.set(`${name}:${code}`, `${roomType.spuExtId} ${plan.code}`);
    }
  }
  for (const plan of plans) {
    const seenOnTheWay = new Set([plan.code]);
    for (let parent = plan.derivedFrom?.ratePlan; parent !== undefined; ) {
      const next = plans.find((candidate) => candidate.code === parent);
      if (next === undefined) refuse(`rate plan ${plan.code} is derived from ${parent}, which the room type has not`);
      if (seenOnTheWay.has(parent))
        refuse(`rate plan ${plan.code} is derived from itself through ${[...seenOnTheWay].join(' → ')}`);
      seenOnTheWay.add(parent);
      parent = next?.derivedFrom?.ratePlan;
    }
  }
}

/** Reads and validates a catalog file. */
export async function readCatalogFile(file: string): Promise<CatalogIndex> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CatalogError(`catalog refused: cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CatalogError(`catalog refused: ${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseCatalog(json);
}
