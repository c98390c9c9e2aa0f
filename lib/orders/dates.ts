/** Calendar dates as Douyin sends them (yyyyMMdd), handled in UTC so no time zone can shift a night. */

/** The longest stay sold, and the most nights one pull or quote reads: the same for every channel. */
export const MAX_STAY_NIGHTS = 90;

/** The Date (UTC midnight) of a yyyyMMdd string, or undefined when it is not a real date. */
export function parseYmd(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date;
}

/** yyyyMMdd of a Date, in UTC. */
export function formatYmd(date: Date): string {
  // Digits by hand: toISOString() then slice and replace costs several times more, on every night of every stay.
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  return `${String(date.getUTCFullYear()).padStart(4, '0')}${month < 10 ? '0' : ''}${month}${day < 10 ? '0' : ''}${day}`;
}

/** The yyyyMMdd of a day written yyyy-MM-dd, or undefined when it is not a real date in that form. */
export function parseDashed(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const ymd = value.replaceAll('-', '');
  return parseYmd(ymd) === undefined ? undefined : ymd;
}

/** yyyyMMdd → yyyy-MM-dd. */
export function dashedYmd(ymd: string): string {
  return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
}

/**
 * The nights of a stay, [checkIn, checkOut), as yyyyMMdd; empty when checkOut is not after checkIn.
 * @example nightsBetween('20261224', '20261226') // ['20261224', '20261225']
 */
export function nightsBetween(checkIn: string, checkOut: string, limit = 367): string[] {
  const start = parseYmd(checkIn);
  const end = parseYmd(checkOut);
  if (start === undefined || end === undefined) return [];
  const nights: string[] = [];
  for (let day = start.getTime(); day < end.getTime() && nights.length < limit; day += 86_400_000) {
    nights.push(formatYmd(new Date(day)));
  }
  return nights;
}
