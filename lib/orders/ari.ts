/**
 * Rates and stay rules (SPEC §5b), as pure functions: a rate plan's price on a night and on a channel
 * (derived plans and markups, exact integer arithmetic rounded half up to the fen), and whether a stay may be
 * sold under the rules of its nights. No I/O: the callers read the nights once and hand them in.
 */

/** The rules a rate plan may set on a night (the catalog's are its defaults; an override sets one night). */
export interface NightRules {
  closed?: boolean;
  closedToArrival?: boolean;
  closedToDeparture?: boolean;
  minStay?: number;
  maxStay?: number;
  minAdvanceDays?: number;
  maxAdvanceDays?: number;
  /** Hotel-local `HH:mm`: when the night is today, sales stop at that time. */
  cutoffTime?: string;
  /** Channel ids the plan is closed for on this night. */
  closedFor?: string[];
}

/** Every field a night of a rate plan can carry: its price in fen and its rules. */
export interface PlanNight extends NightRules {
  price?: number;
}

export const RULE_FIELDS = [
  'closed',
  'closedToArrival',
  'closedToDeparture',
  'minStay',
  'maxStay',
  'minAdvanceDays',
  'maxAdvanceDays',
  'cutoffTime',
  'closedFor',
] as const satisfies readonly (keyof NightRules)[];

/** A percentage with at most two decimals, as hundredths of a percent (−12.5 % is −1250). */
function basisPoints(percent: number): number {
  return Math.round(percent * 100);
}

/**
 * `fen` changed by `percent`, exactly, rounded half up to the fen.
 * @example withPercent(30050, -7) // 27947
 */
export function withPercent(fen: number, percent: number): number {
  const numerator = fen * (10_000 + basisPoints(percent));
  // Half up: floor((2n + d) / 2d), in integers (fen × 20,000 stays far below 2^53).
  return Math.floor((2 * numerator + 10_000) / 20_000);
}

/** How a derived plan follows its parent: a percentage, or an amount in fen (either may be negative). */
export type Derivation = { percent: number } | { amount: number };

/** A derived plan's price on a night from its parent's; undefined when the parent has none (not sold). */
export function derivedPrice(parentFen: number | undefined, derivation: Derivation): number | undefined {
  if (parentFen === undefined) return undefined;
  const fen = 'percent' in derivation ? withPercent(parentFen, derivation.percent) : parentFen + derivation.amount;
  return fen < 0 ? undefined : fen;
}

/** The price a channel sells at: the plan's, with the channel's markup (0 when it has none). */
export function channelPrice(planFen: number | undefined, markupPercent = 0): number | undefined {
  return planFen === undefined ? undefined : withPercent(planFen, markupPercent);
}

/** Why a stay may not be sold: the rule that refused it and the night whose value did. */
export interface RuleRefusal {
  rule: keyof NightRules;
  /** yyyyMMdd */
  night: string;
  message: string;
}

export interface StayToCheck {
  /** The channel asking (its id): `closedFor` closes a plan for the channels it names only. */
  channel: string;
  /** The stay's nights, yyyyMMdd, in order: arrival first. */
  nights: readonly string[];
  /** The departure date, yyyyMMdd (the night after the last): `closedToDeparture` is read there. */
  departure: string;
  /** The rules in force on a night (overrides over the plan's defaults). */
  rulesOn: (night: string) => NightRules;
  /** The hotel's own date, yyyyMMdd, and minutes since its midnight. */
  today: string;
  minutesNow: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (ymd: string) =>
  Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8))) / DAY_MS;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dashed = (ymd: string) => `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;

/**
 * The first rule that refuses the stay, or undefined when it may be sold (SPEC §5b): closed or closed for
 * this channel on any night, closed to arrival on the first, closed to departure on the departure date,
 * the stay's length and the booking's advance against the arrival night's limits, and the arrival night's
 * same-day cut-off.
 * @example refusal({ channel: 'partner', nights: ['20261224'], departure: '20261225', rulesOn: () => ({ minStay: 2 }), today: '20261201', minutesNow: 600 })?.rule // 'minStay'
 */
export function refusal(stay: StayToCheck): RuleRefusal | undefined {
  const [arrival] = stay.nights;
  if (arrival === undefined) return undefined;
  const refuse = (rule: keyof NightRules, night: string, why: string): RuleRefusal => ({
    rule,
    night,
    message: `${why} (${rule} on ${dashed(night)})`,
  });
  for (const night of stay.nights) {
    const rules = stay.rulesOn(night);
    if (rules.closed === true) return refuse('closed', night, 'the rate is closed');
    if (rules.closedFor?.includes(stay.channel) === true)
      return refuse('closedFor', night, `the rate is closed to ${stay.channel}`);
  }
  const first = stay.rulesOn(arrival);
  if (first.closedToArrival === true) return refuse('closedToArrival', arrival, 'no arrival that night');
  if (stay.rulesOn(stay.departure).closedToDeparture === true)
    return refuse('closedToDeparture', stay.departure, 'no departure that day');
  const length = stay.nights.length;
  if (first.minStay !== undefined && length < first.minStay)
    return refuse('minStay', arrival, `stays arriving then are at least ${first.minStay} nights`);
  if (first.maxStay !== undefined && length > first.maxStay)
    return refuse('maxStay', arrival, `stays arriving then are at most ${first.maxStay} nights`);
  const advance = dayNumber(arrival) - dayNumber(stay.today);
  if (first.minAdvanceDays !== undefined && advance < first.minAdvanceDays)
    return refuse('minAdvanceDays', arrival, `booked at least ${first.minAdvanceDays} days ahead`);
  if (first.maxAdvanceDays !== undefined && advance > first.maxAdvanceDays)
    return refuse('maxAdvanceDays', arrival, `booked at most ${first.maxAdvanceDays} days ahead`);
  if (first.cutoffTime !== undefined && advance === 0 && stay.minutesNow >= minutesOf(first.cutoffTime))
    return refuse('cutoffTime', arrival, `same-day sales stop at ${first.cutoffTime}`);
  return undefined;
}

/**
 * The hotel's own date (yyyyMMdd) and minutes since its midnight, from its UTC offset (`+09:00`).
 * @example hotelClock('+09:00', Date.parse('2026-12-24T15:30:00Z')) // { today: '20261225', minutesNow: 30 }
 */
export function hotelClock(timeZone: string, now: number): { today: string; minutesNow: number } {
  const sign = timeZone.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Number(timeZone.slice(1, 3)) * 60 + Number(timeZone.slice(4, 6)));
  const local = new Date(now + offsetMinutes * 60_000);
  const today = `${String(local.getUTCFullYear()).padStart(4, '0')}${String(local.getUTCMonth() + 1).padStart(2, '0')}${String(local.getUTCDate()).padStart(2, '0')}`;
  return { today, minutesNow: local.getUTCHours() * 60 + local.getUTCMinutes() };
}
