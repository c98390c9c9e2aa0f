/**
 * The admin API's orders, work and health (SPEC §10): what the console's pages read and the operator's
 * actions. Guests' names, phones and e-mails leave masked; what the hotel must honour (the remark) leaves as
 * sent, for the page to show as text.
 */
import type * as z from 'zod/mini';
import { ordersNamed, recordsByChannelId } from '../app/orders.js';
import {
  deadLetters,
  decideCancelOf,
  linkAx,
  recordStayOf,
  recreateAx,
  redrive,
  retryFailed,
  stuckWork,
  WorkActionError,
} from '../app/work.js';
import { CHANNEL_IDS, CHANNELS, channelOf } from '../channels/registry.js';
import { dashedYmd, isRefusal, type Order, type OrderRecord, refOf, WorkState } from '../orders/index.js';
import { maskEmail, maskName, maskPhone } from '../orders/mask.js';
import type { InboundRecord, OrderFilter } from '../store/ports.js';
import { stores } from '../store/stores.js';
import { issuesOf } from '../validation/issues.js';
import { type AdminEvent, AdminRequestError, bodyOf } from './api.js';
import { cancelDecisionSchema, linkAxSchema, orderActionSchema, ordersQuerySchema, staySchema } from './schemas.js';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** One order as the list shows it. */
function summaryOf(order: Order) {
  const { booking } = order;
  return {
    channel: order.channel,
    orderId: order.orderId,
    orderExtId: order.orderExtId,
    status: order.status,
    confirmStatus: order.confirmStatus,
    roomType: booking.spuExtId,
    ratePlan: booking.rateCode ?? null,
    rooms: booking.reserveAmount,
    checkIn: dashedYmd(booking.checkIn),
    checkOut: dashedYmd(booking.checkOut),
    totalPrice: booking.totalPrice,
    guest: order.guestDataErasedAt === undefined ? maskName(booking.customerName) : null,
    axOrderCodes: order.axOrderCodes,
    createdAt: iso(order.createdAt),
    needsPerson: Object.values(order.work).filter((item) => item.state === WorkState.Failed || item.state === WorkState.InDoubt)
      .length,
  };
}

/** How many orders a page holds at most. */
const PAGE_SIZE_LIMIT = 100;

/**
 * `GET /admin/orders?q=&channel=&status=&from=&to=&limit=&cursor=`: `q` is any id (order_ext_id, a channel's
 * order id, an AX order code); otherwise a page of orders by arrival, latest first.
 */
export async function listOrders(event: AdminEvent): Promise<unknown> {
  const query = event.queryStringParameters ?? {};
  const parsed = ordersQuerySchema.safeParse(query);
  if (!parsed.success) throw new AdminRequestError(400, issuesOf(parsed.error, query));
  const { q, channel, status, from, to, cursor } = parsed.data;
  const limit = Math.min(parsed.data.limit ?? 50, PAGE_SIZE_LIMIT);
  const filter: OrderFilter = {
    ...(channel === undefined ? {} : { channel }),
    ...(status === undefined ? {} : { status }),
    ...(from === undefined ? {} : { arrivalFrom: from.replaceAll('-', '') }),
    ...(to === undefined ? {} : { arrivalTo: to.replaceAll('-', '') }),
  };
  const matches = (order: Order) =>
    (filter.channel === undefined || order.channel === filter.channel) &&
    (filter.status === undefined || order.status === filter.status);
  if (q !== undefined) {
    const named = (await ordersNamed(q)).filter(matches);
    const found = named.length > 0 ? named : await byAxCode(q, filter);
    return { orders: found.map(summaryOf), next: null };
  }
  const page = await stores().orders.list(filter, limit, cursor);
  return { orders: page.orders.map(summaryOf), next: page.next ?? null };
}

/** The orders an AX order code belongs to: no index holds them, so the arrival index is read through. */
async function byAxCode(code: string, filter: OrderFilter): Promise<Order[]> {
  const found: Order[] = [];
  let cursor: string | undefined;
  do {
    const page = await stores().orders.list(filter, PAGE_SIZE_LIMIT, cursor);
    found.push(...page.orders.filter((order) => order.axOrderCodes.includes(code)));
    cursor = page.next;
  } while (cursor !== undefined && found.length === 0);
  return found;
}

/** A request as its story shows it: never its body (guest data), only what came of it. */
const inboundOf = (entry: InboundRecord) => ({
  at: iso(entry.at),
  route: entry.route,
  code: String(entry.outcome.code),
  description: entry.outcome.description,
  latencyMs: entry.latencyMs,
  requestId: entry.requestId,
  ...(entry.who === undefined ? {} : { who: entry.who }),
});

async function storyOf(order: Order) {
  const { booking } = order;
  const erased = order.guestDataErasedAt !== undefined;
  return {
    ...summaryOf(order),
    idName: channelOf(order.channel)?.orderIdName ?? 'order id',
    // What the summary above does not say already: the hotel, each night's price, the guests, the remark.
    booking: {
      hotelCode: booking.hotelCode,
      nights: booking.datePrice.map(({ date, datePrice }) => ({ night: date, price: datePrice })),
      guest: erased ? null : maskName(booking.customerName),
      phone: erased ? null : maskPhone(booking.customerPhone),
      email: erased || booking.customerEmail === undefined ? null : maskEmail(booking.customerEmail),
      guests: erased
        ? []
        : booking.customerList.map((guest) =>
            maskName(guest.cn_name ?? `${guest.given_name ?? ''} ${guest.surname ?? ''}`.trim()),
          ),
      // What the hotel must honour, as the guest wrote it; the page renders it as text.
      remark: booking.remark ?? null,
    },
    times: {
      created: iso(order.createdAt),
      paid: iso(order.paidAt),
      confirmed: iso(order.confirmedAt),
      cancelled: iso(order.cancelledAt),
      guestDataErased: iso(order.guestDataErasedAt),
    },
    inventory: order.inventory === undefined ? null : { ...order.inventory, nights: order.inventory.nights.map(dashedYmd) },
    work: Object.values(order.work).map((item) => ({
      id: item.id,
      type: item.type,
      state: item.state,
      attempts: item.attempts,
      dueAt: iso(item.dueAt),
      lastError: item.lastError ?? null,
      note: item.note ?? null,
    })),
    attempts: order.attempts.map((attempt) => ({ ...attempt, at: iso(attempt.at) })),
    stay: (order.stay ?? []).map((entry) => ({ ...entry, at: iso(entry.at) })),
    cancelRequests: (order.cancelRequests ?? []).map((request) => ({ ...request, at: iso(request.at) })),
    inbound: (await stores().history.list(refOf(order))).map(inboundOf),
  };
}

async function refusalOf(record: OrderRecord) {
  return {
    channel: record.channel,
    orderId: record.orderId,
    refused: isRefusal(record) ? { code: record.code, message: record.message, at: iso(record.createdAt) } : null,
    inbound: (await stores().history.list(refOf(record))).map(inboundOf),
  };
}

/** `GET /admin/orders/{id}`: every order the id names, each with its whole story, and the creates refused under it. */
export async function orderStory(event: AdminEvent): Promise<unknown> {
  const id = event.pathParameters?.id ?? '';
  const orders = await ordersNamed(id);
  const refusals = (await recordsByChannelId(id)).filter(isRefusal);
  const byAx = orders.length === 0 && refusals.length === 0 ? await byAxCode(id, {}) : [];
  const all = [...orders, ...byAx];
  if (all.length === 0 && refusals.length === 0) {
    throw new AdminRequestError(404, [{ path: 'id', message: `no order with ${id}` }]);
  }
  return { orders: await Promise.all(all.map(storyOf)), refused: await Promise.all(refusals.map(refusalOf)) };
}

/** `GET /admin/work`: failed work, AX creates in doubt, and how many messages the DLQ holds. */
export async function listWork(): Promise<unknown> {
  const [stuck, dlq] = await Promise.all([stuckWork(), deadLetters()]);
  return { work: stuck.map((item) => ({ ...item, since: iso(item.since) })), dlq: dlq ?? null };
}

/** Runs a work action, turning its refusals into the API's 404 and 409. */
async function acting<T>(path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WorkActionError) throw new AdminRequestError(error.status, [{ path, message: error.message }]);
    throw error;
  }
}

function actionBody<T>(event: AdminEvent, schema: z.ZodMiniType<T>): T {
  const body = bodyOf(event);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AdminRequestError(400, issuesOf(parsed.error, body));
  return parsed.data;
}

const who = (event: AdminEvent) => event.caller?.username ?? 'unknown';

/** `POST /admin/work/retry` `{"order": id}`: the order's failed work owed again. */
export async function retryAction(event: AdminEvent): Promise<unknown> {
  const { order } = actionBody(event, orderActionSchema);
  const done = await acting('order', () => retryFailed(order, who(event)));
  if (done.retried.length === 0) {
    throw new AdminRequestError(409, [{ path: 'order', message: `order ${done.order.orderExtId} has no failed work` }]);
  }
  return { orderExtId: done.order.orderExtId, retried: done.retried };
}

/** `POST /admin/work/recreate-ax` `{"order": id}`: the AX create in doubt sent again. */
export async function recreateAxAction(event: AdminEvent): Promise<unknown> {
  const { order } = actionBody(event, orderActionSchema);
  const done = await acting('order', () => recreateAx(order, who(event)));
  return { orderExtId: done.orderExtId, recreating: true };
}

/** `POST /admin/work/link-ax` `{"order": id, "axOrderCode": code}`: an AX order made by hand attached. */
export async function linkAxAction(event: AdminEvent): Promise<unknown> {
  const { order, axOrderCode } = actionBody(event, linkAxSchema);
  const done = await acting('axOrderCode', () => linkAx(order, axOrderCode, who(event)));
  return { orderExtId: done.orderExtId, linked: axOrderCode };
}

/** `POST /admin/orders/{id}/stay` `{"status": "checked-in" | "no-show" | "checked-out"}`: the hotel records the stay. */
export async function stayAction(event: AdminEvent): Promise<unknown> {
  const { status } = actionBody(event, staySchema);
  const done = await acting('status', () => recordStayOf(event.pathParameters?.id ?? '', status, who(event)));
  return { orderExtId: done.orderExtId, stay: status };
}

/** `POST /admin/orders/{id}/cancel-decision` `{"cancelId", "accept", "reason"?}`: a person decides a cancel request. */
export async function cancelDecisionAction(event: AdminEvent): Promise<unknown> {
  const { cancelId, accept, reason } = actionBody(event, cancelDecisionSchema);
  const done = await acting('cancelId', () =>
    decideCancelOf(event.pathParameters?.id ?? '', cancelId, accept, reason, who(event)),
  );
  return { orderExtId: done.orderExtId, cancelId, accepted: accept, status: done.status };
}

/** A redrive from the console ends well within API Gateway's 30 s; what it did not reach waits for the next. */
const CONSOLE_REDRIVE_MS = 20_000;

/** `POST /admin/work/redrive`: the DLQ's messages back to the work queue. */
export async function redriveAction(event: AdminEvent): Promise<unknown> {
  return acting('dlq', () => redrive({ who: who(event), deadlineMs: CONSOLE_REDRIVE_MS }));
}

/** `GET /admin/health`: per channel, its calls in the last hour, its last call, and the work it is owed. */
export async function channelHealth(): Promise<unknown> {
  const now = Date.now();
  const hourAgo = now - 3_600_000;
  const [owedOrders, owedPushes, stuck, dlq, reconcile, calls] = await Promise.all([
    owedWork(now),
    Promise.all(
      CHANNELS.filter((channel) => channel.pushesAri === true).map(async (channel) =>
        (await stores().pushes.list(channel.id)).map((debt) => ({ channel: channel.id, since: debt.since, push: true })),
      ),
    ),
    stuckWork(),
    deadLetters(),
    stores().reports.latest('reconcile'),
    Promise.all(CHANNEL_IDS.map((channel) => stores().calls.since(channel, hourAgo))),
  ]);
  const owed = [...owedOrders, ...owedPushes.flat()];
  return {
    at: iso(now),
    channels: CHANNEL_IDS.map((channel, index) => {
      const seen = calls[index] ?? { calls: 0, rejected: 0, failed: 0 };
      const mine = owed.filter((item) => item.channel === channel);
      const oldest = Math.min(...mine.map((item) => item.since));
      return {
        channel,
        lastCall: seen.last === undefined ? null : { at: iso(seen.last.at), outcome: seen.last.outcome, code: seen.last.code },
        lastHour: { calls: seen.calls, rejected: seen.rejected, failed: seen.failed },
        owed: mine.length,
        ariPushesOwed: mine.filter((item) => 'push' in item).length,
        oldestOwedSeconds: mine.length === 0 ? null : Math.round((now - oldest) / 1000),
        needsPerson: stuck.filter((item) => item.channel === channel).length,
      };
    }),
    dlq: dlq ?? null,
    reconciliation:
      reconcile === undefined
        ? null
        : {
            at: iso(reconcile.at),
            checked: reconcile.report.checked ?? null,
            drift: reconcile.report.driftCount ?? null,
            unmapped: reconcile.report.unmappedCount ?? null,
          },
  };
}

/** The orders the sweeper would read; more than this many owing work at once is a sign in itself. */
const OWED_ORDERS_READ = 200;

/** Each piece of work still owed (pending), by channel, with when it was first owed. */
async function owedWork(now: number): Promise<{ channel: string; since: number }[]> {
  const refs = await stores().orders.due(now + 366 * 86_400_000, OWED_ORDERS_READ);
  const orders = await Promise.all(refs.map((ref) => stores().orders.get(ref)));
  return orders
    .filter((record): record is Order => record !== undefined && !isRefusal(record))
    .flatMap((order) =>
      Object.values(order.work)
        .filter((item) => item.state === WorkState.Pending)
        .map((item) => ({ channel: order.channel, since: item.createdAt })),
    );
}
