/**
 * Douyin's pull of price and stock (legacy hotel SPI `GET /poi/ext/hotel/sku`, reference douyin.md §1.5):
 * for each room type asked for, each sellable night of [start_date, end_date) with its price in fen and, for
 * a room type sold from its own allotment, the rooms still available. Read live and consistently, so a hold
 * or a price set a moment ago shows at once. Nights with the same price and stock come as one run.
 */
import * as z from 'zod/mini';
import { planSoldAs } from '../app/catalog.js';
import { closedTo, dayAfter, sellingPrice, storedNights } from '../app/rates.js';
import { stockFrom } from '../app/stock.js';
import type { CatalogEntry } from '../catalog/catalog.js';
import type { RatePlan } from '../catalog/plans.js';
import { ErrorCode, HubError } from '../errors.js';
import { MAX_STAY_NIGHTS, nightsBetween, parseDashed, parseYmd } from '../orders/index.js';
import { DOUYIN } from './channel.js';
import type { SpiAnswer, SpiInput } from './middleware.js';

/** Room types in one pull: a query string stays far below API Gateway's limits. */
const MAX_ROOM_TYPES = 50;

/** yyyyMMdd, or yyyy-MM-dd as some clients write it, to yyyyMMdd. */
const day = z.pipe(
  z.string(),
  z.transform((text, payload) => {
    const ymd = parseDashed(text) ?? text;
    if (parseYmd(ymd) === undefined)
      payload.issues.push({ code: 'custom', message: 'must be a real date as yyyyMMdd or yyyy-MM-dd', input: text });
    return ymd;
  }),
);

export const skuQuerySchema = z
  .looseObject({
    spu_ext_id: z.pipe(
      z.string().check(z.minLength(1, 'is required')),
      z.transform((text, payload) => {
        const ids = text.split(',').map((id) => id.trim());
        if (ids.some((id) => id === '' || id.length > 64))
          payload.issues.push({ code: 'custom', message: 'must be ids of 1–64 characters separated by commas', input: text });
        if (ids.length > MAX_ROOM_TYPES)
          payload.issues.push({ code: 'custom', message: `must name at most ${MAX_ROOM_TYPES} room types`, input: text });
        return [...new Set(ids)];
      }),
    ),
    start_date: day,
    end_date: day,
  })
  .check(
    z.superRefine((query, ctx) => {
      const nights = nightsBetween(query.start_date, query.end_date).length;
      if (nights === 0) ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'must be after start_date' });
      else if (nights > MAX_STAY_NIGHTS)
        ctx.addIssue({ code: 'custom', path: ['end_date'], message: `the range must be at most ${MAX_STAY_NIGHTS} nights` });
    }),
  );

export type SkuQuery = z.output<typeof skuQuerySchema>;

/** One run of nights with the same price and stock, as the SDK model has it; `end_date` exclusive. */
interface SkuEntry {
  spu_ext_id: string;
  start_date: string;
  end_date: string;
  price: number;
  stock?: number;
}

/**
 * The runs of one `spu_ext_id`'s sellable nights, from one read of its room type's nights: Douyin's price
 * (the plan's, with Douyin's markup), and the rooms available for a room type with its own allotment; a
 * night the plan is closed to Douyin on (`closed`, or `closedFor` naming it) is listed with stock 0.
 */
async function entriesOf(spuExtId: string, entry: CatalogEntry, plan: RatePlan, nights: string[]): Promise<SkuEntry[]> {
  const { roomType } = entry;
  const [first, last] = [nights[0] as string, nights.at(-1) as string];
  const stored = await storedNights(roomType.spuExtId, first, last);
  const stock = roomType.inventory === undefined ? undefined : stockFrom(stored, nights, roomType.inventory);
  const runs: SkuEntry[] = [];
  nights.forEach((night, index) => {
    const price = sellingPrice(entry, plan, DOUYIN, night, stored);
    if (price === undefined) return;
    const available = closedTo(plan, DOUYIN, night, stored) ? 0 : stock?.[index]?.available;
    const last = runs.at(-1);
    if (last !== undefined && last.end_date === night && last.price === price && last.stock === available) {
      last.end_date = dayAfter(night);
      return;
    }
    runs.push({
      spu_ext_id: spuExtId,
      start_date: night,
      end_date: dayAfter(night),
      price,
      ...(available === undefined ? {} : { stock: Math.max(0, available) }),
    });
  });
  return runs;
}

/**
 * @example await pullPriceAndStock({ body: { spu_ext_id: ['RT-DLX-TWIN'], start_date: '20261223', end_date: '20261226' }, … })
 */
export async function pullPriceAndStock({ body }: SpiInput<SkuQuery>): Promise<SpiAnswer> {
  const sold = await Promise.all(body.spu_ext_id.map((spuExtId) => planSoldAs(DOUYIN, spuExtId)));
  const unknown = body.spu_ext_id.find((_, index) => sold[index] === undefined);
  if (unknown !== undefined) throw new HubError(ErrorCode.UnknownRoomType, `spu_ext_id: ${unknown} is not in the catalog`);
  const nights = nightsBetween(body.start_date, body.end_date);
  if (nights.length === 0) return { fields: {}, data: [] };
  const runs = await Promise.all(
    sold.map((found, index) =>
      found === undefined ? [] : entriesOf(body.spu_ext_id[index] as string, found.entry, found.plan, nights),
    ),
  );
  return { fields: {}, data: runs.flat() };
}
