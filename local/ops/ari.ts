/**
 * `ops ari show|set|history` (SPEC §5b): the admin API's path from a terminal, recorded in the same history
 * under the operator's own name.
 */
import {
  type AriChange,
  applyChanges,
  belowHeld,
  MAX_CHANGE_NIGHTS,
  problemsOf,
  roomTypeGrid,
  WEEKDAYS,
  type Weekday,
} from '../../lib/app/ari.js';
import { dashedYmd, nightsBetween, parseDashed } from '../../lib/orders/index.js';
import { stores } from '../../lib/store/stores.js';
import { OpsError, operator } from './commands.js';

function nightOf(text: string, name: string): string {
  const ymd = parseDashed(text);
  if (ymd === undefined) throw new OpsError(`${name}: expected yyyy-mm-dd, got ${text}`);
  return ymd;
}

/** `price=68800`, `closed=true`, `minStay=null`, `cutoffTime=18:00`, `closedFor=douyin,partner`. */
function parsedValue(field: string, text: string): unknown {
  if (text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (field === 'closedFor') return text === '' ? [] : text.split(',');
  if (/^-?\d+$/.test(text)) return Number(text);
  return text;
}

/** The first and last night of `from` … `to` (yyyy-mm-dd, `to` exclusive), at most a change's span. */
function nightRange(from: string, to: string): { first: string; last: string } {
  const nights = nightsBetween(nightOf(from, 'from'), nightOf(to, 'to'), MAX_CHANGE_NIGHTS + 1);
  const [first, last] = [nights[0], nights.at(-1)];
  if (first === undefined || last === undefined) throw new OpsError('to: must be after from');
  if (nights.length > MAX_CHANGE_NIGHTS) throw new OpsError(`at most ${MAX_CHANGE_NIGHTS} nights at once`);
  return { first, last };
}

/** `ari show <roomType> <from> <to>`: each plan's price per channel and rules per night, and the allotment. */
export async function ariShow(roomType: string, from: string, to: string): Promise<string[]> {
  const entry = await stores().catalog.roomType(roomType);
  if (entry === undefined) throw new OpsError(`no room type ${roomType} in the catalog`);
  const { first, last } = nightRange(from, to);
  const grid = await roomTypeGrid(entry, first, last);
  const lines = [
    `${roomType}  allotment/held/available: ${grid.nights.map((night) => `${night.night} ${night.allotment ?? '-'}/${night.held ?? '-'}/${night.available ?? '-'}`).join('  ')}`,
  ];
  for (const plan of grid.ratePlans) {
    lines.push(`${plan.code}${plan.derivedFrom === undefined ? '' : ` (derived from ${plan.derivedFrom.ratePlan})`}`);
    for (const { night, price, prices, ...rules } of plan.nights) {
      const channels = Object.entries(prices)
        .map(([channel, fen]) => `${channel} ${fen}`)
        .join(', ');
      const set = Object.entries(rules)
        .map(([field, value]) => `${field}=${Array.isArray(value) ? value.join(',') : String(value)}`)
        .join(' ');
      lines.push(`  ${night}  ${String(price ?? '-').padStart(8)}  [${channels}]${set === '' ? '' : `  ${set}`}`);
    }
  }
  return lines;
}

/**
 * `ari set <roomType> <ratePlan|-> <from> <to> <field=value>… [--days fri,sat] [--force]`: one change, checked
 * and applied as the API does.
 */
export async function ariSet(args: string[], flags: { force?: boolean; days?: string }): Promise<string[]> {
  const [roomType = '', ratePlan = '', from = '', to = '', ...assignments] = args;
  if (assignments.length === 0) throw new OpsError('expected: ari set <roomType> <ratePlan|-> <from> <to> <field=value>…');
  const set: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const at = assignment.indexOf('=');
    if (at <= 0) throw new OpsError(`expected field=value, got ${assignment}`);
    const field = assignment.slice(0, at);
    const value = parsedValue(field, assignment.slice(at + 1));
    // `markup.partner=10`: the plan's markup on one channel.
    if (field.startsWith('markup.'))
      set.markup = { ...(set.markup as Record<string, unknown>), [field.slice('markup.'.length)]: value };
    else set[field] = value;
  }
  const days = flags.days?.split(',');
  const unknownDay = days?.find((day) => !WEEKDAYS.includes(day as Weekday));
  if (unknownDay !== undefined) throw new OpsError(`--days: ${unknownDay} is not one of ${WEEKDAYS.join(', ')}`);
  const change: AriChange = {
    roomType,
    ...(ratePlan === '-' ? {} : { ratePlan }),
    from: nightOf(from, 'from'),
    to: nightOf(to, 'to'),
    ...(days === undefined ? {} : { days: days as Weekday[] }),
    set,
    ...(flags.force === true ? { force: true } : {}),
  };
  const problems = await problemsOf([change]);
  if (problems.length > 0)
    throw new OpsError(problems.map((problem) => `${problem.path.replace('changes[0].', '')}: ${problem.message}`).join('\n'));
  const short = await belowHeld([change]);
  if (short.length > 0)
    throw new OpsError(
      `allotment below the rooms held on ${short.flatMap((one) => one.nights).join(', ')}; --force sets it anyway`,
    );
  const [applied] = await applyChanges([change], { who: operator(), source: 'ops' });
  return [
    `${roomType}${ratePlan === '-' ? '' : ` ${ratePlan}`}: ${applied?.nights.length ?? 0} nights set (${Object.keys(set).join(', ')})`,
    ...(applied?.notSet === undefined ? [] : [`not set (rooms held meanwhile): ${applied.notSet.join(', ')}`]),
  ];
}

/** `ari history <roomType> <from> <to> [--plan CODE]`: who changed what, newest first. */
export async function ariHistory(roomType: string, from: string, to: string, plan?: string): Promise<string[]> {
  const { first, last } = nightRange(from, to);
  const entries = await stores().ariHistory.list(roomType, { first, last }, plan);
  if (entries.length === 0) return [`no change of ${roomType}${plan === undefined ? '' : ` ${plan}`} on those nights`];
  return entries.map(
    (entry) =>
      `${new Date(entry.at).toISOString()}  ${entry.who} (${entry.source})  ${dashedYmd(entry.night)} ${entry.ratePlan ?? '(room)'} ${entry.field}: ${JSON.stringify(entry.before) ?? '-'} → ${JSON.stringify(entry.after) ?? '-'}`,
  );
}
