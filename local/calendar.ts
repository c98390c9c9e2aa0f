/**
 * The calendar the tests and benchmarks book on: night `n` is `n` days after a start that is always
 * `LEAD_DAYS` ahead of the clock (today in UTC, faked or not), so no stay a test books ever passes. The
 * example catalog's dated nights are written on December 2026's calendar (its night 0 is 2026-12-01);
 * `onTestCalendar` moves them onto this one, so "the suite has 3 rooms on night 23" stays true every day.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import example from '../lib/catalog/catalog.example.json' with { type: 'json' };
import { dashedYmd, formatYmd, parseYmd } from '../lib/orders/dates.js';

const DAY_MS = 86_400_000;
/** How far ahead of today night 0 lies: more than a day at any hotel's time zone, less than any stay limit. */
const LEAD_DAYS = 30;
/** The night that the example catalog's dated keys count from. */
const EXAMPLE_NIGHT_ZERO = Date.UTC(2026, 11, 1);

function start(): number {
  return Math.floor(Date.now() / DAY_MS) * DAY_MS + LEAD_DAYS * DAY_MS;
}

/**
 * Night `n` of the test calendar as yyyyMMdd (Douyin's form).
 * @example commitBody({ check_in: night(22), check_out: night(24) })
 */
export function night(n: number): string {
  return formatYmd(new Date(start() + n * DAY_MS));
}

/** Night `n` of the test calendar as yyyy-MM-dd (the partner's form). */
export function day(n: number): string {
  return dashedYmd(night(n));
}

/** A copy of `json` with every key that is a yyyyMMdd date moved from the example's calendar onto the test calendar. */
export function onTestCalendar<T>(json: T): T {
  const move = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(move);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        const date = parseYmd(key);
        return [date === undefined ? key : night(Math.round((date.getTime() - EXAMPLE_NIGHT_ZERO) / DAY_MS)), move(inner)];
      }),
    );
  };
  return move(json) as T;
}

/** The example catalog on the test calendar. */
export function testCatalog(): typeof example {
  return onTestCalendar(example);
}

/** The example catalog on the test calendar, written to a file of its own (for CATALOG_FILE and `ops catalog load`). */
export function testCatalogFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'channel-hub-catalog-')), 'catalog.json');
  writeFileSync(file, JSON.stringify(testCatalog()));
  return file;
}

/**
 * A fixture's text with its `{{night:N}}` and `{{day:N}}` placeholders filled in from the test calendar.
 * @example dated('<CheckIn>{{day:23}}</CheckIn>') // '<CheckIn>2027-01-26</CheckIn>' on 2026-12-04
 */
export function dated(text: string): string {
  return text.replace(/\{\{(night|day):(-?\d+)\}\}/g, (_whole, form: string, n: string) =>
    form === 'night' ? night(Number(n)) : day(Number(n)),
  );
}

/** The day `n` days before today (UTC), as yyyy-MM-dd: a check-in that has passed. */
export function dayAgo(n: number): string {
  return dashedYmd(formatYmd(new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - n * DAY_MS)));
}
