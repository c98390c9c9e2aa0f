/**
 * Orders (SPEC §10): found by any id (`#/orders?q=<id>`), or listed by arrival with filters, a page at a
 * time; and one order's whole story. Everything a channel sent is rendered as text; guests come masked.
 */
import { useState } from 'preact/hooks';
import { api, can } from '../api.js';
import { time, yuan } from '../format.js';
import { ConfirmButton, Problems, Section, useAction, useLoad, useShell } from '../ui.js';

interface Summary {
  channel: string;
  orderId: string;
  orderExtId: string;
  status: string;
  confirmStatus: number;
  roomType: string;
  ratePlan: string | null;
  rooms: number;
  checkIn: string;
  checkOut: string;
  totalPrice: number;
  guest: string | null;
  axOrderCodes: string[];
  createdAt: string | null;
  needsPerson: number;
}
interface Page {
  orders: Summary[];
  next: string | null;
}

const FILTERS = ['q', 'channel', 'status', 'from', 'to'] as const;

export function OrdersPage({ query }: { query: URLSearchParams }) {
  const [form, setForm] = useState(() => Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? ''])));
  const search = new URLSearchParams(FILTERS.flatMap((name) => (query.get(name) ? [[name, query.get(name) ?? '']] : [])));
  const first = useLoad(() => api<Page>('GET', `/admin/orders?${search}`), search.toString());
  const channels = useLoad(() => api<{ channels: string[] }>('GET', '/admin/hotels'), 'channels');
  const [more, setMore] = useState<Page[]>([]);
  const loadMore = useAction();
  const pages = [first.data, ...more].filter((page): page is Page => page !== undefined);
  const next = pages.at(-1)?.next ?? null;
  const submit = (event: Event) => {
    event.preventDefault();
    setMore([]);
    const params = new URLSearchParams(Object.entries(form).filter(([, value]) => value !== ''));
    location.hash = `#/orders?${params}`;
  };
  const field = (name: (typeof FILTERS)[number]) => ({
    name,
    value: form[name],
    onInput: (event: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
      setForm((current) => ({ ...current, [name]: event.currentTarget.value })),
  });
  return (
    <div>
      <form class="toolbar" onSubmit={submit} aria-label="find orders">
        <input {...field('q')} placeholder="order_id, TaoBaoOrderId, order_ext_id or AX code" size={40} aria-label="any id" />
        <select {...field('channel')} aria-label="channel">
          <option value="">every channel</option>
          {channels.data?.channels.map((channel) => (
            <option key={channel} value={channel}>
              {channel}
            </option>
          ))}
        </select>
        <select {...field('status')} aria-label="state">
          <option value="">every state</option>
          <option value="UNPAID">unpaid</option>
          <option value="PAID">paid</option>
          <option value="CANCELLED">cancelled</option>
        </select>
        <label>
          arriving from <input type="date" {...field('from')} />
        </label>
        <label>
          to <input type="date" {...field('to')} />
        </label>
        <button type="submit" class="primary">
          Find
        </button>
      </form>
      <Problems error={first.error ?? loadMore.error} />
      <table class="list" aria-label="orders">
        <thead>
          <tr>
            <th>arrival</th>
            <th>departure</th>
            <th>channel</th>
            <th>order</th>
            <th>room type · plan</th>
            <th>rooms</th>
            <th>total</th>
            <th>guest</th>
            <th>state</th>
          </tr>
        </thead>
        <tbody>
          {pages.flatMap((page) =>
            page.orders.map((order) => (
              <tr key={`${order.channel}-${order.orderId}`} class={order.needsPerson > 0 ? 'attention' : ''}>
                <td>{order.checkIn}</td>
                <td>{order.checkOut}</td>
                <td>{order.channel}</td>
                <td>
                  <a href={`#/orders/${encodeURIComponent(order.orderExtId)}`}>{order.orderId}</a>
                  <div class="muted">{order.orderExtId}</div>
                </td>
                <td>
                  {order.roomType}
                  {order.ratePlan === null ? '' : ` · ${order.ratePlan}`}
                </td>
                <td>{order.rooms}</td>
                <td class="money">{yuan(order.totalPrice)}</td>
                <td>{order.guest ?? '(erased)'}</td>
                <td>
                  {order.status}
                  {order.needsPerson > 0 ? <span class="badge">needs a person</span> : null}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {first.data !== undefined && pages.every((page) => page.orders.length === 0) ? <p class="muted">No order found.</p> : null}
      {next === null ? null : (
        <button
          type="button"
          disabled={loadMore.busy}
          onClick={() =>
            void loadMore.run(
              () => api<Page>('GET', `/admin/orders?${search}&cursor=${encodeURIComponent(next)}`),
              (page) => setMore((current) => [...current, page]),
            )
          }
        >
          More
        </button>
      )}
    </div>
  );
}

interface Story extends Summary {
  idName: string;
  booking: {
    hotelCode: string;
    nights: { night: string; price: number }[];
    guest: string | null;
    phone: string | null;
    email: string | null;
    guests: string[];
    remark: string | null;
  };
  times: Record<string, string | null>;
  inventory: { state: string; rooms: number; nights: string[]; refusedBy?: string } | null;
  stay: { status: string; at: string; by: string }[];
  cancelRequests: { id: string; state: string; audited: boolean; reason?: string; decidedBy?: string }[];
  work: {
    id: string;
    type: string;
    state: string;
    attempts: number;
    dueAt: string | null;
    lastError: string | null;
    note: string | null;
  }[];
  attempts: {
    at: string;
    workId: string;
    outcome: string;
    request: string;
    httpStatus?: number;
    durationMs?: number;
    detail?: string;
  }[];
  inbound: { at: string; route: string; code: string; description: string; latencyMs: number; requestId: string; who?: string }[];
}
interface Stories {
  orders: Story[];
  refused: {
    channel: string;
    orderId: string;
    refused: { code: string; message: string; at: string } | null;
    inbound: Story['inbound'];
  }[];
}

function Inbound({ entries }: { entries: Story['inbound'] }) {
  return (
    <table class="list" aria-label="requests">
      <thead>
        <tr>
          <th>when</th>
          <th>request</th>
          <th>answer</th>
          <th>took</th>
          <th>by</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.requestId}>
            <td>{time(entry.at)}</td>
            <td>{entry.route}</td>
            <td>
              {entry.code} {entry.description}
            </td>
            <td>{entry.latencyMs} ms</td>
            <td>{entry.who ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * What an operator does on one order: record the stay, and decide a cancel the channel left to the hotel.
 * Each asks for confirmation; the server checks the group again.
 */
function OrderActions({ order, onDone }: { order: Story; onDone: () => void }) {
  const action = useAction();
  const [done, setDone] = useState<string | undefined>();
  const post = (path: string, body: unknown, what: string) =>
    void action.run(
      () => api('POST', `/admin/orders/${encodeURIComponent(order.orderExtId)}/${path}`, body),
      () => {
        setDone(what);
        onDone();
      },
    );
  const pending = order.cancelRequests.filter((request) => request.state === 'pending');
  return (
    <div class="actions">
      {pending.map((request) => (
        <p key={request.id}>
          Cancel request {request.id}:{' '}
          <ConfirmButton
            label="Accept"
            question={`Accept the cancel of ${order.orderExtId} and give its rooms back?`}
            onConfirm={() => post('cancel-decision', { cancelId: request.id, accept: true }, `Cancel ${request.id} accepted.`)}
          />{' '}
          <ConfirmButton
            label="Refuse"
            question={`Refuse the cancel of ${order.orderExtId}?`}
            onConfirm={() => post('cancel-decision', { cancelId: request.id, accept: false }, `Cancel ${request.id} refused.`)}
          />
        </p>
      ))}
      {order.status === 'CANCELLED' ? null : (
        <p>
          Stay:{' '}
          {(['checked-in', 'no-show', 'checked-out'] as const).map((status) => (
            <span key={status}>
              <ConfirmButton
                label={status}
                question={`Record ${order.orderExtId} as ${status}?`}
                onConfirm={() => post('stay', { status }, `Recorded ${status}.`)}
              />{' '}
            </span>
          ))}
        </p>
      )}
      <Problems error={action.error} />
      {done === undefined ? null : (
        <p class="done" role="status">
          {done}
        </p>
      )}
    </div>
  );
}

export function OrderPage({ id }: { id: string }) {
  const { session } = useShell();
  const story = useLoad(() => api<Stories>('GET', `/admin/orders/${encodeURIComponent(id)}`), id);
  return (
    <div class="story">
      <p>
        <a href="#/orders">← Orders</a>
      </p>
      <Problems error={story.error} />
      {story.data?.orders.map((order) => (
        <article key={`${order.channel}-${order.orderId}`} aria-label="order">
          <h1>
            {order.channel} {order.idName} {order.orderId}
          </h1>
          <dl class="facts">
            <dt>order_ext_id</dt>
            <dd>{order.orderExtId}</dd>
            <dt>state</dt>
            <dd>
              {order.status}, confirmation {order.confirmStatus}
            </dd>
            <dt>stay</dt>
            <dd>
              {order.rooms} × {order.roomType}
              {order.ratePlan === null ? '' : ` · ${order.ratePlan}`}, {order.checkIn} → {order.checkOut}
            </dd>
            <dt>total</dt>
            <dd class="money">
              {yuan(order.totalPrice)}
              {order.booking.nights.length === 0
                ? ''
                : ` (${order.booking.nights.map((night) => `${night.night} ${yuan(night.price)}`).join(', ')})`}
            </dd>
            <dt>guest</dt>
            <dd>
              {order.booking.guest ?? '(erased)'} {order.booking.phone ?? ''} {order.booking.email ?? ''}
              {order.booking.guests.length > 0 ? ` · guests ${order.booking.guests.join(', ')}` : ''}
            </dd>
            <dt>remark</dt>
            <dd class="remark">{order.booking.remark ?? '–'}</dd>
            <dt>AX orders</dt>
            <dd>{order.axOrderCodes.join(', ') || '–'}</dd>
            <dt>rooms held</dt>
            <dd>
              {order.inventory === null
                ? 'not managed here'
                : `${order.inventory.state}: ${order.inventory.rooms} on ${order.inventory.nights.join(', ')}${order.inventory.refusedBy === undefined ? '' : ` (${order.inventory.refusedBy})`}`}
            </dd>
            {order.stay.length === 0 ? null : (
              <>
                <dt>stay</dt>
                <dd>{order.stay.map((entry) => `${entry.status} ${time(entry.at)} (${entry.by})`).join(' · ')}</dd>
              </>
            )}
            {order.cancelRequests.length === 0 ? null : (
              <>
                <dt>cancel requests</dt>
                <dd>
                  {order.cancelRequests
                    .map(
                      (request) =>
                        `${request.id}: ${request.state}${request.audited ? ' (for the hotel to decide)' : ''}${request.reason === undefined ? '' : `, ${request.reason}`}${request.decidedBy === undefined ? '' : ` by ${request.decidedBy}`}`,
                    )
                    .join(' · ')}
                </dd>
              </>
            )}
            <dt>times</dt>
            <dd>
              {Object.entries(order.times)
                .filter(([, at]) => at !== null)
                .map(([what, at]) => `${what} ${time(at)}`)
                .join(' · ')}
            </dd>
          </dl>
          {can.actOnWork(session) ? <OrderActions order={order} onDone={story.reload} /> : null}
          <Section title="Owed work">
            <table class="list" aria-label="work">
              <thead>
                <tr>
                  <th>work</th>
                  <th>state</th>
                  <th>attempts</th>
                  <th>due</th>
                  <th>last error or note</th>
                </tr>
              </thead>
              <tbody>
                {order.work.map((item) => (
                  <tr key={item.id} class={item.state === 'failed' || item.state === 'in-doubt' ? 'attention' : ''}>
                    <td>{item.id}</td>
                    <td>{item.state}</td>
                    <td>{item.attempts}</td>
                    <td>{time(item.dueAt)}</td>
                    <td>{item.lastError ?? item.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title="Calls to partners">
            <table class="list" aria-label="attempts">
              <thead>
                <tr>
                  <th>when</th>
                  <th>work</th>
                  <th>outcome</th>
                  <th>request</th>
                  <th>detail</th>
                </tr>
              </thead>
              <tbody>
                {order.attempts.map((attempt, index) => (
                  <tr key={`${attempt.at}-${index}`}>
                    <td>{time(attempt.at)}</td>
                    <td>{attempt.workId}</td>
                    <td>
                      {attempt.outcome}
                      {attempt.httpStatus === undefined ? '' : ` HTTP ${attempt.httpStatus}`}
                    </td>
                    <td>{attempt.request}</td>
                    <td>{attempt.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title="Requests and actions">
            <Inbound entries={order.inbound} />
          </Section>
        </article>
      ))}
      {story.data?.refused.map((refusal) => (
        <article key={`refused-${refusal.channel}-${refusal.orderId}`} aria-label="refused">
          <h2>
            {refusal.channel} {refusal.orderId}:{' '}
            {refusal.refused === null
              ? 'cancelled before any create'
              : `create refused ${refusal.refused.code}: ${refusal.refused.message}`}
          </h2>
          <Inbound entries={refusal.inbound} />
        </article>
      ))}
    </div>
  );
}
