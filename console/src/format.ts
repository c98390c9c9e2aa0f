/** How the console writes money, nights and times: fen as yuan, nights as yyyy-MM-dd, times local. */

export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : (fen / 100).toFixed(2));

/** 688 or 688.5 → 68800 or 68850; anything else undefined. */
export function fenOf(text: string): number | undefined {
  const match = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as yyyy-MM-dd in UTC. */
const ymd = (date: Date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

export function addDays(day: string, days: number): string {
  return ymd(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}

/** Today on the person's own clock, as yyyy-MM-dd. */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const weekdayOf = (day: string) => WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? 'sun';

export const time = (iso: string | null | undefined) =>
  iso === null || iso === undefined ? '–' : new Date(iso).toLocaleString();

/** `changes.0.set.price` → `price`: the field a person set, without the request's nesting. */
export const fieldOf = (path: string) => path.replace(/^changes\.\d+\.(set\.)?/, '');
