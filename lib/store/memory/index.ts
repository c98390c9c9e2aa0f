/**
 * The stores in memory, for the unit tests: the same conditions as the DynamoDB ones (a create on a free
 * key, a replace on a version, a night held once per holder and never below zero), with every value copied
 * in and out so no caller can change what is stored behind the store's back. Never bundled in a Lambda.
 */
import type { CatalogEntry } from '../../catalog/catalog.js';
import {
  isRefusal,
  needsOperator,
  nextDueAt,
  type Order,
  type OrderRecord,
  type OrderRef,
  type PlanNight,
} from '../../orders/index.js';
import type {
  AriHistoryEntry,
  CallOutcome,
  InboundRecord,
  PushDebt,
  StoredNight,
  StoredToken,
  Stores,
  WorkMessage,
  WorkQueue,
} from '../ports.js';

const keyOf = (ref: OrderRef) => `${ref.channel}#${ref.orderId}`;
const copy = <T>(value: T): T => structuredClone(value);

interface MemoryNight extends StoredNight {
  holders: Set<string>;
}

/** The in-memory stores, and what they hold, for a test to look at. */
export interface MemoryStores extends Stores {
  readonly data: {
    orders: Map<string, OrderRecord>;
    history: Map<string, InboundRecord[]>;
    unmatched: InboundRecord[];
    catalog: Map<string, CatalogEntry>;
    nights: Map<string, Map<string, MemoryNight>>;
    tokens: Map<string, StoredToken>;
    tokenLocks: Map<string, number>;
    reports: { kind: string; at: number; report: Record<string, unknown> }[];
    ariHistory: AriHistoryEntry[];
    keys: Map<string, { bodyHash: string; expiresAt: number; answer?: unknown }>;
    calls: { channel: string; at: number; outcome: CallOutcome; code: string }[];
    pushes: Map<string, PushDebt>;
  };
}

/** @example useStores(memoryStores()) */
export function memoryStores(): MemoryStores {
  const data: MemoryStores['data'] = {
    orders: new Map(),
    history: new Map(),
    unmatched: [],
    catalog: new Map(),
    nights: new Map(),
    tokens: new Map(),
    tokenLocks: new Map(),
    reports: [],
    ariHistory: [],
    keys: new Map(),
    calls: [],
    pushes: new Map(),
  };
  const orders = () => [...data.orders.values()].filter((record): record is Order => !isRefusal(record));
  const nightsOf = (spuExtId: string) => {
    const nights = data.nights.get(spuExtId) ?? new Map<string, MemoryNight>();
    data.nights.set(spuExtId, nights);
    return nights;
  };
  return {
    data,
    orders: {
      async get(ref) {
        return copy(data.orders.get(keyOf(ref)));
      },
      async getByExtId(orderExtId) {
        return copy(orders().find((order) => order.orderExtId === orderExtId));
      },
      async create(record) {
        const existing = data.orders.get(keyOf(record));
        if (existing !== undefined) return { created: false, existing: copy(existing) };
        data.orders.set(keyOf(record), copy(record));
        return { created: true };
      },
      async replace(next, previousVersion) {
        const stored = data.orders.get(keyOf(next));
        if (stored === undefined || stored.version !== previousVersion) return false;
        data.orders.set(keyOf(next), copy({ ...next, version: previousVersion + 1 }));
        return true;
      },
      async due(until, limit) {
        return orders()
          .map((order) => ({ order, at: nextDueAt(order) }))
          .filter((entry): entry is { order: Order; at: number } => entry.at !== undefined && entry.at <= until)
          .sort((a, b) => a.at - b.at)
          .slice(0, limit)
          .map(({ order }) => ({ channel: order.channel, orderId: order.orderId }));
      },
      async needingOperator() {
        return copy(orders().filter((order) => needsOperator(order) > 0));
      },
      async holdingGuestData(checkOut, limit, after) {
        const due = orders()
          .filter((order) => order.guestDataErasedAt === undefined && order.booking.checkOut <= checkOut)
          .sort((a, b) => a.booking.checkOut.localeCompare(b.booking.checkOut) || keyOf(a).localeCompare(keyOf(b)));
        const start = after === undefined ? 0 : Number(after);
        const page = due.slice(start, start + limit);
        const refs = page.map((order) => ({ channel: order.channel, orderId: order.orderId }));
        return start + limit < due.length ? { refs, next: String(start + limit) } : { refs };
      },
      async list(filter, limit, after) {
        const key = (order: Order) => `${order.booking.checkIn}#${order.orderExtId}`;
        const matching = orders()
          .filter(
            (order) =>
              (filter.channel === undefined || order.channel === filter.channel) &&
              (filter.status === undefined || order.status === filter.status) &&
              order.booking.checkIn >= (filter.arrivalFrom ?? '0') &&
              order.booking.checkIn <= (filter.arrivalTo ?? '99999999') &&
              (after === undefined || key(order) < after),
          )
          .sort((a, b) => key(b).localeCompare(key(a)));
        const page = matching.slice(0, limit);
        const last = page.at(-1);
        return copy(page.length === limit && last !== undefined ? { orders: page, next: key(last) } : { orders: page });
      },
    },
    history: {
      async append(record, matched) {
        if (matched === undefined) data.unmatched.push(copy(record));
        else data.history.set(keyOf(matched), [...(data.history.get(keyOf(matched)) ?? []), copy(record)]);
      },
      async list(ref) {
        return copy(data.history.get(keyOf(ref)) ?? []);
      },
      async listUnmatched(day) {
        return copy(data.unmatched.filter((record) => new Date(record.at).toISOString().startsWith(day)));
      },
      async replace(ref, record) {
        const entries = data.history.get(keyOf(ref)) ?? [];
        const index = entries.findIndex((entry) => entry.at === record.at && entry.requestId === record.requestId);
        if (index < 0) throw new Error(`no history entry ${record.requestId}`);
        entries[index] = copy(record);
      },
    },
    catalog: {
      async roomType(spuExtId) {
        return copy(data.catalog.get(spuExtId));
      },
      async entries() {
        return copy([...data.catalog.values()]);
      },
      async replaceAll(entries, options = {}) {
        const kept = new Set(entries.map((entry) => entry.roomType.spuExtId));
        const removed = [...data.catalog.keys()].filter((spuExtId) => !kept.has(spuExtId)).length;
        const before = data.catalog;
        data.catalog = new Map(
          entries.map(({ hotel, roomType }) => {
            const markups = options.resetMarkups === true ? undefined : before.get(roomType.spuExtId)?.markups;
            return [roomType.spuExtId, copy({ hotel, roomType, ...(markups === undefined ? {} : { markups }) })];
          }),
        );
        return { written: entries.length, removed };
      },
      async setMarkup(spuExtId, plan, channel, percent) {
        const entry = data.catalog.get(spuExtId);
        if (entry === undefined) throw new Error(`no room type ${spuExtId}`);
        const markups: Record<string, Record<string, number>> = copy(entry.markups ?? {}) as Record<
          string,
          Record<string, number>
        >;
        const was = markups[plan]?.[channel];
        const own = { ...markups[plan] };
        if (percent === null) delete own[channel];
        else own[channel] = percent;
        markups[plan] = own;
        data.catalog.set(spuExtId, { ...entry, markups });
        return was;
      },
      forget() {},
    },
    nights: {
      async read(spuExtId, range) {
        const found = new Map<string, StoredNight>();
        for (const [night, { holders: _holders, ...stored }] of [...nightsOf(spuExtId)].sort(([a], [b]) => a.localeCompare(b))) {
          if (range === undefined || (night >= range.first && night <= range.last)) found.set(night, copy(stored));
        }
        return found;
      },
      async hold(spuExtId, night, rooms, holder, allotment) {
        const nights = nightsOf(spuExtId);
        const stored = nights.get(night) ?? { night, holders: new Set<string>(), plans: {} };
        if (stored.holders.has(holder)) return true;
        const available = stored.available ?? allotment;
        if (available < rooms) return false;
        stored.allotment ??= allotment;
        stored.held = (stored.held ?? 0) + rooms;
        stored.available = available - rooms;
        stored.holders.add(holder);
        nights.set(night, stored);
        return true;
      },
      async release(spuExtId, night, rooms, holder) {
        const stored = nightsOf(spuExtId).get(night);
        if (stored === undefined || !stored.holders.delete(holder)) return false;
        stored.held = (stored.held ?? 0) - rooms;
        stored.available = (stored.available ?? 0) + rooms;
        return true;
      },
      async setAllotment(spuExtId, night, allotment, force) {
        const nights = nightsOf(spuExtId);
        const stored = nights.get(night) ?? { night, holders: new Set<string>(), plans: {} };
        const held = stored.held ?? 0;
        if (!force && held > allotment) {
          return { night, allotment, set: false, held, reason: `${held} rooms are held` };
        }
        Object.assign(stored, { allotment, held, available: allotment - held });
        nights.set(night, stored);
        return { night, allotment, set: true };
      },
      async setPlanNight(spuExtId, night, plan, change) {
        const nights = nightsOf(spuExtId);
        const stored = nights.get(night) ?? { night, holders: new Set<string>(), plans: {} };
        const overrides: Record<string, unknown> = { ...stored.plans[plan] };
        const before: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(change)) {
          if (value === undefined) continue;
          if (overrides[field] !== undefined) before[field] = overrides[field];
          if (value === null) delete overrides[field];
          else overrides[field] = copy(value);
        }
        stored.plans = { ...stored.plans, [plan]: overrides as PlanNight };
        nights.set(night, stored);
        return before as PlanNight;
      },
    },
    ariHistory: {
      async append(entries) {
        data.ariHistory.push(...copy(entries));
      },
      async list(roomType, range, ratePlan) {
        return copy(
          data.ariHistory
            .filter((entry) => entry.roomType === roomType && entry.night >= range.first && entry.night <= range.last)
            .filter((entry) => ratePlan === undefined || entry.ratePlan === ratePlan)
            .sort((a, b) => b.at - a.at || b.night.localeCompare(a.night)),
        );
      },
    },
    idempotency: {
      async claim(key, bodyHash, now) {
        const held = data.keys.get(key);
        if (held === undefined || held.expiresAt < now) {
          data.keys.set(key, { bodyHash, expiresAt: now + 24 * 3600 * 1000 });
          return { state: 'new' };
        }
        if (held.bodyHash !== bodyHash) return { state: 'other' };
        return held.answer === undefined ? { state: 'same' } : { state: 'same', answer: copy(held.answer) };
      },
      async complete(key, answer) {
        const held = data.keys.get(key);
        if (held !== undefined) held.answer = copy(answer);
      },
    },
    tokens: {
      async read(name) {
        const stored = data.tokens.get(name);
        const lockUntil = data.tokenLocks.get(name);
        return stored === undefined ? undefined : { ...copy(stored), ...(lockUntil === undefined ? {} : { lockUntil }) };
      },
      async lock(name, { now, until, refreshBy, rejected }) {
        const stored = data.tokens.get(name);
        const lockUntil = data.tokenLocks.get(name);
        if (lockUntil !== undefined && lockUntil >= now) return false;
        const stale =
          stored === undefined ||
          stored.expiresAt < refreshBy ||
          (rejected !== undefined && stored.token === rejected && (stored.fetchedAt ?? 0) < now);
        if (stale) data.tokenLocks.set(name, until);
        return stale;
      },
      async write(name, token) {
        // A put replaces the whole item, its lock included.
        data.tokens.set(name, copy(token));
        data.tokenLocks.delete(name);
      },
    },
    reports: {
      async put(kind, at, report) {
        data.reports.push({ kind, at, report: copy(report) });
      },
      async latest(kind) {
        const newest = data.reports.filter((entry) => entry.kind === kind).sort((a, b) => b.at - a.at)[0];
        return newest === undefined ? undefined : copy({ at: newest.at, report: newest.report });
      },
    },
    pushes: {
      async owe(channel, roomType, first, last, now) {
        const key = `${channel}#${roomType}`;
        const owed = data.pushes.get(key);
        data.pushes.set(
          key,
          owed === undefined
            ? { channel, roomType, first, last, since: now, version: 1, attempts: 0 }
            : {
                ...owed,
                first: first < owed.first ? first : owed.first,
                last: last > owed.last ? last : owed.last,
                version: owed.version + 1,
              },
        );
      },
      async get(channel, roomType) {
        return copy(data.pushes.get(`${channel}#${roomType}`));
      },
      async list(channel) {
        return copy([...data.pushes.values()].filter((debt) => debt.channel === channel));
      },
      async settle(channel, roomType, version) {
        const key = `${channel}#${roomType}`;
        if (data.pushes.get(key)?.version !== version) return false;
        data.pushes.delete(key);
        return true;
      },
      async failed(channel, roomType, error) {
        const owed = data.pushes.get(`${channel}#${roomType}`);
        if (owed !== undefined)
          data.pushes.set(`${channel}#${roomType}`, { ...owed, attempts: owed.attempts + 1, lastError: error });
      },
    },
    calls: {
      async record(channel, at, outcome, code) {
        data.calls.push({ channel, at, outcome, code });
      },
      async since(channel, since) {
        const mine = data.calls.filter((call) => call.channel === channel).sort((a, b) => a.at - b.at);
        const recent = mine.filter((call) => call.at >= since);
        const last = mine.at(-1);
        return {
          calls: recent.length,
          rejected: recent.filter((call) => call.outcome === 'rejected').length,
          failed: recent.filter((call) => call.outcome === 'failed').length,
          ...(last === undefined ? {} : { last: { at: last.at, outcome: last.outcome, code: last.code } }),
        };
      },
    },
  };
}

/** A work queue in memory: what was sent, to drain by hand in a test. */
export class MemoryQueue implements WorkQueue {
  readonly sent: (WorkMessage & { delaySeconds?: number })[] = [];
  readonly deadLetters: { message: WorkMessage | string; reason: string }[] = [];

  async send(messages: (WorkMessage & { delaySeconds?: number })[]): Promise<void> {
    this.sent.push(...copy(messages));
  }

  async sendToDeadLetter(message: WorkMessage | string, reason: string): Promise<void> {
    this.deadLetters.push({ message: copy(message), reason });
  }

  /** What was received and not yet deleted, by receipt, as SQS keeps a message in flight. */
  readonly #inFlight = new Map<string, WorkMessage>();
  #receipts = 0;

  async retryIn(receipt: string, seconds: number): Promise<void> {
    const message = this.#inFlight.get(receipt);
    if (message === undefined) throw new Error(`no message in flight under ${receipt}`);
    this.#inFlight.delete(receipt);
    this.sent.push({ ...message, delaySeconds: seconds });
  }

  /** Takes every message sent so far. */
  take(): (WorkMessage & { delaySeconds?: number })[] {
    return this.sent.splice(0, this.sent.length);
  }

  /** Receives every message sent so far, each under a receipt its handler may hand back to `retryIn`. */
  receive(): { message: WorkMessage & { delaySeconds?: number }; receipt: string }[] {
    return this.take().map((message) => {
      const receipt = `r${++this.#receipts}`;
      this.#inFlight.set(receipt, message);
      return { message, receipt };
    });
  }
}
