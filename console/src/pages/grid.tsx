/**
 * The calendar grid (SPEC §10): one hotel over a range of nights (the next 30 by default, paged by weeks),
 * a row per room type's allotment, held and available, and per rate plan its price on each channel, its rules
 * and closures. Cells or a range of one row are selected, weekdays picked, a value set: one `POST /admin/ari`.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, can } from '../api.js';
import { addDays, fenOf, today, WEEKDAYS, weekdayOf, yuan } from '../format.js';
import { ConfirmButton, Problems, useAction, useLoad, useShell } from '../ui.js';

/** How a derived plan follows its parent: a percentage or an amount (fen) off it. */
interface Derived {
  ratePlan: string;
  percent?: number;
  amount?: number;
}
interface PlanInfo {
  code: string;
  name: string;
  channels: string[];
  derivedFrom?: Derived;
}

const derivedText = (derived: Derived) =>
  `${derived.ratePlan} ${derived.percent !== undefined ? `${derived.percent > 0 ? '+' : ''}${derived.percent} %` : `${(derived.amount ?? 0) > 0 ? '+' : ''}${yuan(derived.amount)}`}`;
interface Hotels {
  hotels: {
    hotelCode: string;
    name: string;
    roomTypes: { code: string; name: string; managed: boolean; ratePlans: PlanInfo[] }[];
  }[];
  channels: string[];
}
interface PlanNight {
  night: string;
  price?: number;
  prices: Record<string, number>;
  closed?: boolean;
  closedToArrival?: boolean;
  closedToDeparture?: boolean;
  closedFor?: string[];
  minStay?: number;
  maxStay?: number;
  minAdvanceDays?: number;
  maxAdvanceDays?: number;
  cutoffTime?: string;
}
interface Grid {
  roomTypes: {
    code: string;
    name: string;
    nights: { night: string; allotment?: number; held?: number; available?: number }[];
    ratePlans: { code: string; name: string; derivedFrom?: Derived; nights: PlanNight[] }[];
  }[];
}
interface HistoryEntry {
  at: string;
  who: string;
  source: string;
  ratePlan?: string;
  night: string;
  field: string;
  before?: unknown;
  after?: unknown;
}

/** Where a selection is: a room type's own row (ratePlan undefined) or a plan's, from one night to another. */
interface Selection {
  roomType: string;
  ratePlan?: string;
  first: string;
  last: string;
}

const NIGHTS = 30;

/** The rules of a plan's night in a few words: "min 2 · CTA". */
function rulesOf(night: PlanNight): string {
  const parts: string[] = [];
  if (night.minStay !== undefined) parts.push(`min ${night.minStay}`);
  if (night.maxStay !== undefined) parts.push(`max ${night.maxStay}`);
  if (night.closedToArrival === true) parts.push('CTA');
  if (night.closedToDeparture === true) parts.push('CTD');
  if (night.minAdvanceDays !== undefined) parts.push(`adv≥${night.minAdvanceDays}`);
  if (night.maxAdvanceDays !== undefined) parts.push(`adv≤${night.maxAdvanceDays}`);
  if (night.cutoffTime !== undefined) parts.push(`cut ${night.cutoffTime}`);
  return parts.join(' · ');
}

function closureOf(night: PlanNight): string {
  if (night.closed === true) return 'closed';
  if (night.closedFor !== undefined && night.closedFor.length > 0) return `closed: ${night.closedFor.join(', ')}`;
  return '';
}

/** What the edit panel can set on a room type's row, and on a rate plan's. */
const ROOM_FIELDS = [['allotment', 'Allotment (rooms)']] as const;
const PLAN_FIELDS = [
  ['price', 'Price (yuan)'],
  ['closed', 'Stop-sell (every channel)'],
  ['closedFor', 'Stop-sell only on'],
  ['minStay', 'Minimum stay (nights)'],
  ['maxStay', 'Maximum stay (nights)'],
  ['closedToArrival', 'Closed to arrival'],
  ['closedToDeparture', 'Closed to departure'],
  ['minAdvanceDays', 'Book at least … days ahead'],
  ['maxAdvanceDays', 'Book at most … days ahead'],
  ['cutoffTime', 'Same-day cut-off (HH:mm)'],
] as const;
const SWITCHES = new Set(['closed', 'closedToArrival', 'closedToDeparture']);
const COUNTS = new Set(['allotment', 'minStay', 'maxStay', 'minAdvanceDays', 'maxAdvanceDays']);

export function GridPage({ query }: { query: URLSearchParams }) {
  const { session } = useShell();
  const hotels = useLoad(() => api<Hotels>('GET', '/admin/hotels'), 'hotels');
  const hotel = query.get('hotel') ?? hotels.data?.hotels[0]?.hotelCode;
  const from = query.get('from') ?? today();
  const to = addDays(from, NIGHTS);
  const grid = useLoad(
    hotel === undefined
      ? undefined
      : () => api<Grid>('GET', `/admin/ari?hotel=${encodeURIComponent(hotel)}&from=${from}&to=${to}`),
    `${hotel}|${from}`,
  );
  const [selection, setSelection] = useState<Selection | undefined>();
  const go = (next: { hotel?: string; from?: string }) => {
    const params = new URLSearchParams({ hotel: next.hotel ?? hotel ?? '', from: next.from ?? from });
    location.hash = `#/grid?${params}`;
  };
  const info = hotels.data?.hotels.find((one) => one.hotelCode === hotel);
  const nights = grid.data?.roomTypes[0]?.nights.map((night) => night.night) ?? [];
  const selected = (roomType: string, ratePlan: string | undefined, night: string) =>
    selection !== undefined &&
    selection.roomType === roomType &&
    selection.ratePlan === ratePlan &&
    night >= selection.first &&
    night <= selection.last;
  const pick = (roomType: string, ratePlan: string | undefined, night: string, extend: boolean) => {
    if (extend && selection !== undefined && selection.roomType === roomType && selection.ratePlan === ratePlan) {
      const anchor = selection.first;
      setSelection({ roomType, ratePlan, first: night < anchor ? night : anchor, last: night < anchor ? selection.last : night });
    } else setSelection({ roomType, ratePlan, first: night, last: night });
  };
  const cell = (roomType: string, ratePlan: string | undefined, night: string, text: string, title?: string) => (
    <td
      key={night}
      class={`${selected(roomType, ratePlan, night) ? 'selected' : ''} ${text === '' ? '' : 'set'}`}
      title={title}
      data-night={night}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the grid's cells are picked by keyboard as by click, as in a spreadsheet
      tabIndex={0}
      onClick={(event) => pick(roomType, ratePlan, night, event.shiftKey)}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        pick(roomType, ratePlan, night, event.shiftKey);
      }}
    >
      {text}
    </td>
  );
  return (
    <div class="grid-page">
      <div class="toolbar">
        <label>
          Hotel{' '}
          <select value={hotel} onChange={(e) => go({ hotel: e.currentTarget.value })} aria-label="hotel">
            {hotels.data?.hotels.map((one) => (
              <option key={one.hotelCode} value={one.hotelCode}>
                {one.name} ({one.hotelCode})
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => go({ from: addDays(from, -7) })}>
          ← Week
        </button>
        <label>
          From <input type="date" value={from} onChange={(e) => go({ from: e.currentTarget.value })} aria-label="from" />
        </label>
        <button type="button" onClick={() => go({ from: addDays(from, 7) })}>
          Week →
        </button>
        <span class="muted">
          {NIGHTS} nights to {addDays(to, -1)} · click a cell, shift-click to select a range
        </span>
      </div>
      <Problems error={hotels.error ?? grid.error} />
      {grid.data === undefined ? (
        <p class="muted">{grid.busy || hotels.busy ? 'Loading…' : ''}</p>
      ) : (
        <div class="grid-scroll">
          <table class="grid" aria-label="rates and availability">
            <thead>
              <tr>
                <th />
                {nights.map((night) => (
                  <th key={night} class={['sat', 'sun'].includes(weekdayOf(night)) ? 'weekend' : ''}>
                    {weekdayOf(night)}
                    <br />
                    {night.slice(5)}
                  </th>
                ))}
              </tr>
            </thead>
            {grid.data.roomTypes.map((roomType) => {
              const plans = info?.roomTypes.find((one) => one.code === roomType.code)?.ratePlans ?? [];
              return (
                <tbody key={roomType.code} data-room-type={roomType.code}>
                  <tr class="room-type">
                    <th colSpan={nights.length + 1}>
                      {roomType.name} <span class="muted">{roomType.code}</span>
                    </th>
                  </tr>
                  {roomType.nights[0]?.allotment === undefined ? (
                    <tr>
                      <th>not managed here</th>
                    </tr>
                  ) : (
                    (['allotment', 'held', 'available'] as const).map((field) => (
                      <tr key={field} data-row={field}>
                        <th>{field}</th>
                        {roomType.nights.map((night) =>
                          field === 'allotment' ? (
                            cell(roomType.code, undefined, night.night, String(night.allotment ?? ''))
                          ) : (
                            <td key={night.night} class={field === 'available' && night.available === 0 ? 'zero' : ''}>
                              {String(night[field] ?? '')}
                            </td>
                          ),
                        )}
                      </tr>
                    ))
                  )}
                  {roomType.ratePlans.map((plan) => {
                    const channels = plans.find((one) => one.code === plan.code)?.channels ?? [];
                    return [
                      <tr key={`${plan.code}-name`} class="plan">
                        <th colSpan={nights.length + 1}>
                          {plan.name} <span class="muted">{plan.code}</span>
                          {plan.derivedFrom === undefined ? null : (
                            <span class="muted"> (from {derivedText(plan.derivedFrom)})</span>
                          )}
                        </th>
                      </tr>,
                      ...channels.map((channel) => (
                        <tr key={`${plan.code}-${channel}`} data-plan={plan.code} data-row={`price-${channel}`}>
                          <th>price · {channel}</th>
                          {plan.nights.map((night) => cell(roomType.code, plan.code, night.night, yuan(night.prices[channel])))}
                        </tr>
                      )),
                      <tr key={`${plan.code}-rules`} data-plan={plan.code} data-row="rules">
                        <th>rules</th>
                        {plan.nights.map((night) => cell(roomType.code, plan.code, night.night, rulesOf(night)))}
                      </tr>,
                      <tr key={`${plan.code}-closed`} data-plan={plan.code} data-row="closed">
                        <th>closed</th>
                        {plan.nights.map((night) => cell(roomType.code, plan.code, night.night, closureOf(night)))}
                      </tr>,
                    ];
                  })}
                </tbody>
              );
            })}
          </table>
        </div>
      )}
      {selection === undefined ? null : (
        <Editor
          key={`${selection.roomType}|${selection.ratePlan}`}
          selection={selection}
          channels={hotels.data?.channels ?? []}
          readOnly={!can.changeAri(session)}
          onChanged={grid.reload}
        />
      )}
    </div>
  );
}

function Editor(props: { selection: Selection; channels: string[]; readOnly: boolean; onChanged: () => void }) {
  const { selection } = props;
  const fields = selection.ratePlan === undefined ? ROOM_FIELDS : PLAN_FIELDS;
  const [field, setField] = useState<string>(fields[0][0]);
  const [value, setValue] = useState('');
  const [channel, setChannel] = useState(props.channels[0] ?? '');
  const [days, setDays] = useState<string[]>([...WEEKDAYS]);
  const [done, setDone] = useState<string | undefined>();
  const [force, setForce] = useState(false);
  const save = useAction();
  const history = useAction();
  const [entries, setEntries] = useState<HistoryEntry[] | undefined>();
  useEffect(() => {
    setEntries(undefined);
    setDone(undefined);
  }, [selection.first, selection.last]);
  const toggleDay = (day: string) =>
    setDays((current) => (current.includes(day) ? current.filter((one) => one !== day) : [...current, day]));
  const set = useMemo((): { value?: unknown; problem?: string } => {
    if (SWITCHES.has(field)) return { value: value === 'clear' ? null : value !== 'off' };
    if (field === 'closedFor') return { value: value === 'clear' ? null : value === 'off' ? [] : [channel] };
    if (value.trim() === '') return { value: null };
    if (field === 'price') {
      const fen = fenOf(value);
      return fen === undefined ? { problem: 'Give the price in yuan, such as 688 or 688.50.' } : { value: fen };
    }
    if (COUNTS.has(field)) {
      return /^\d{1,5}$/.test(value.trim()) ? { value: Number(value) } : { problem: 'Give a whole number.' };
    }
    return { value: value.trim() };
  }, [field, value, channel]);
  const submit = (withForce: boolean) => {
    if (set.problem !== undefined) return;
    const change = {
      roomType: selection.roomType,
      ...(selection.ratePlan === undefined ? {} : { ratePlan: selection.ratePlan }),
      from: selection.first,
      to: addDays(selection.last, 1),
      ...(days.length === 7 ? {} : { days }),
      set: { [field]: set.value },
      ...(withForce ? { force: true } : {}),
    };
    void save.run(
      () => api<{ applied: { nights: string[] }[] }>('POST', '/admin/ari', { changes: [change] }),
      (answer) => {
        const count = answer.applied.reduce((sum, one) => sum + one.nights.length, 0);
        setDone(`Changed ${count} night${count === 1 ? '' : 's'}.`);
        setForce(false);
        props.onChanged();
      },
    );
  };
  const belowHeld = save.error?.status === 409 && save.error.problems.some((p) => p.message.includes('already held'));
  const showHistory = () =>
    void history.run(
      () =>
        api<{ entries: HistoryEntry[] }>(
          'GET',
          `/admin/ari/history?roomType=${encodeURIComponent(selection.roomType)}${selection.ratePlan === undefined ? '' : `&ratePlan=${encodeURIComponent(selection.ratePlan)}`}&from=${selection.first}&to=${addDays(selection.last, 1)}`,
        ),
      (answer) => setEntries(answer.entries),
    );
  return (
    <aside class="editor" aria-label="change">
      <h2>
        {selection.roomType}
        {selection.ratePlan === undefined ? '' : ` · ${selection.ratePlan}`} · {selection.first}
        {selection.last === selection.first ? '' : ` → ${selection.last}`}
      </h2>
      {props.readOnly ? (
        <p class="muted">Your account can read the grid but not change it.</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit(force);
          }}
        >
          <fieldset class="days">
            <legend>On</legend>
            {WEEKDAYS.map((day) => (
              <label key={day}>
                <input type="checkbox" name={`day-${day}`} checked={days.includes(day)} onChange={() => toggleDay(day)} />
                {day}
              </label>
            ))}
          </fieldset>
          <label>
            Set{' '}
            <select
              name="field"
              value={field}
              onChange={(e) => {
                setField(e.currentTarget.value);
                setValue('');
              }}
            >
              {fields.map(([name, label]) => (
                <option key={name} value={name}>
                  {label}
                </option>
              ))}
            </select>
          </label>{' '}
          {field === 'closedFor' ? (
            <select name="channel" value={channel} onChange={(e) => setChannel(e.currentTarget.value)} aria-label="channel">
              {props.channels.map((one) => (
                <option key={one} value={one}>
                  {one}
                </option>
              ))}
            </select>
          ) : null}{' '}
          {SWITCHES.has(field) || field === 'closedFor' ? (
            <select
              name="value"
              value={value === '' ? 'on' : value}
              onChange={(e) => setValue(e.currentTarget.value)}
              aria-label="value"
            >
              <option value="on">on</option>
              <option value="off">off</option>
              <option value="clear">back to the plan's default</option>
            </select>
          ) : (
            <input
              name="value"
              value={value}
              onInput={(e) => setValue(e.currentTarget.value)}
              placeholder={field === 'allotment' ? 'rooms' : 'empty: back to the default'}
              aria-label="value"
            />
          )}{' '}
          <button type="submit" class="primary" disabled={save.busy || days.length === 0 || set.problem !== undefined}>
            Apply
          </button>
          {set.problem === undefined || value === '' ? null : <p class="problems">{set.problem}</p>}
        </form>
      )}
      <Problems error={save.error} />
      {belowHeld ? (
        <ConfirmButton
          label="Set anyway"
          question="Rooms already sold stay sold; no room more is sold until enough are released."
          onConfirm={() => submit(true)}
        />
      ) : null}
      {done === undefined ? null : (
        <p class="done" role="status">
          {done}
        </p>
      )}
      <p>
        <button type="button" onClick={showHistory} disabled={history.busy}>
          History of these nights
        </button>
      </p>
      <Problems error={history.error} />
      {entries === undefined ? null : entries.length === 0 ? (
        <p class="muted">No change recorded for these nights.</p>
      ) : (
        <table class="history" aria-label="history">
          <thead>
            <tr>
              <th>when</th>
              <th>who</th>
              <th>night</th>
              <th>what</th>
              <th>before</th>
              <th>after</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => (
              <tr key={`${entry.at}-${entry.night}-${entry.field}-${index}`}>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>
                  {entry.who} <span class="muted">({entry.source})</span>
                </td>
                <td>{entry.night}</td>
                <td>
                  {entry.field}
                  {entry.ratePlan === undefined ? '' : ` · ${entry.ratePlan}`}
                </td>
                <td>{JSON.stringify(entry.before ?? null)}</td>
                <td>{JSON.stringify(entry.after ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </aside>
  );
}
