/**
 * A room type's rate plans (SPEC §5b): the catalog's `ratePlans`, or its single `rate` read as one plan (code
 * = its `rateCode`, sold on Douyin's legacy SPI as the room type's own `spuExtId`), so every reader sees plans.
 */
import { CHANNELS } from '../channels/registry.js';
import type { NightRules } from '../orders/index.js';
import type { CatalogEntry } from './catalog.js';
import type { PlanChannel, RatePlanInput, RoomType } from './schema.js';

export type RatePlan = RatePlanInput;

const plansByRoomType = new WeakMap<RoomType, RatePlan[]>();

/**
 * @example plansOf(roomType).map((plan) => plan.code) // ['BAR', 'NRF']
 */
export function plansOf(roomType: RoomType): RatePlan[] {
  const known = plansByRoomType.get(roomType);
  if (known !== undefined) return known;
  const { rate, ratePlans } = roomType;
  const plans: RatePlan[] =
    ratePlans ??
    (rate === undefined
      ? []
      : [
          {
            ...(({ rateCode: _code, ...fields }) => fields)(rate),
            code: rate.rateCode,
            channels: { douyin: { spuExtId: roomType.spuExtId } },
          },
        ]);
  plansByRoomType.set(roomType, plans);
  return plans;
}

/** The plan of this code, or undefined. */
export function planOf(roomType: RoomType, code: string): RatePlan | undefined {
  return plansOf(roomType).find((plan) => plan.code === code);
}

/** The field of a plan's channel settings that names it on that channel, from the channel's descriptor. */
const codeFieldOf = new Map(CHANNELS.map((channel) => [channel.id, channel.planCode]));

/**
 * Whether the plan is sold on the channel: never when its settings say `sell: false`; where the channel names
 * plans by an id of its own (Douyin's `spu_ext_id`), only when the plan has one; otherwise always.
 */
export function sellsOn(plan: RatePlan, channel: string): boolean {
  const settings: PlanChannel | undefined = plan.channels[channel];
  if (settings?.sell === false) return false;
  const field = codeFieldOf.get(channel);
  return field === undefined || settings?.[field] !== undefined;
}

/** The plan's markup on the channel, in percent: one set since the load, else the catalog's, else 0. */
export function markupOf(plan: RatePlan, channel: string, markups?: CatalogEntry['markups']): number {
  return markups?.[plan.code]?.[channel] ?? plan.channels[channel]?.markupPercent ?? 0;
}

/** The plan's catalog price on a night: the dated one, or its default; undefined for a derived plan. */
export function catalogPrice(plan: RatePlan, night: string): number | undefined {
  return plan.nightlyPrices?.[night] ?? plan.nightlyPrices?.default;
}

/** The plan's default rules (the catalog's). */
export function defaultRules(plan: RatePlan): NightRules {
  return plan.rules ?? {};
}
