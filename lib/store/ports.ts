/**
 * What the domain asks of storage, and nothing about how: DynamoDB implements it (lib/store/dynamodb) and
 * an in-memory store does for the unit tests (lib/store/memory). Each write that changes an order is one
 * conditional write on that order; a night's hold is one conditional write on that night.
 */
import type { CatalogEntry } from '../catalog/catalog.js';
import type { Order, OrderRecord, OrderRef, PlanNight } from '../orders/index.js';

/** Where a page of a listing left off, opaque to the caller. */
export type Cursor = string;

/** What the console lists orders by: channel, state and arrival night (yyyyMMdd, both included). */
export interface OrderFilter {
  channel?: string;
  status?: string;
  arrivalFrom?: string;
  arrivalTo?: string;
}

export interface OrdersStore {
  /** The record under an order's key (an order, or a channel's refusal), read consistently. */
  get(ref: OrderRef): Promise<OrderRecord | undefined>;
  /** The order with this `order_ext_id` (any channel), or undefined. */
  getByExtId(orderExtId: string): Promise<Order | undefined>;
  /**
   * Puts a new record unless its key is taken; under concurrent duplicates exactly one put wins and the
   * others get the stored record back.
   */
  create(record: OrderRecord): Promise<{ created: true } | { created: false; existing: OrderRecord }>;
  /** Writes `next` if the stored order is still at `previousVersion`; false when another write came first. */
  replace(next: Order, previousVersion: number): Promise<boolean>;
  /** Orders whose owed work is ready at or before `until`, soonest first (the sweeper's question). */
  due(until: number, limit: number): Promise<OrderRef[]>;
  /** Orders with work that waits for an operator: it gave up, or it is in doubt. */
  needingOperator(): Promise<Order[]>;
  /** One page of the orders that still hold guest data and checked out on or before `checkOut` (yyyyMMdd). */
  holdingGuestData(checkOut: string, limit: number, after?: Cursor): Promise<{ refs: OrderRef[]; next?: Cursor }>;
  /** One page of orders by arrival (latest first), filtered: the console's order list. */
  list(filter: OrderFilter, limit: number, after?: Cursor): Promise<{ orders: Order[]; next?: Cursor }>;
}

export interface InboundRecord {
  route: string;
  requestId: string;
  at: number;
  /**
   * The body exactly as received (decoded from base64 when API Gateway encoded it), for an authenticated
   * request only: strangers must not be able to make the supplier store their bytes.
   */
  rawBody?: string;
  /** Size and SHA-256 (hex) of the body as received, for every request. */
  bodyBytes: number;
  bodySha256: string;
  /** False when the request failed authentication (or was refused before it): metadata only. */
  authenticated: boolean;
  /** The headers that matter for tracing a call, never the signature itself. */
  headers: Record<string, string>;
  outcome: { code: number | string; description: string };
  /** The order the request named (matched or not). */
  orderId?: string;
  channel?: string;
  latencyMs: number;
  /** The person who sent it, for the console's actions (a channel's requests name none). */
  who?: string;
}

export interface HistoryStore {
  /** Appends one inbound request to its order's history, or to the unmatched history without `matched`. */
  append(record: InboundRecord, matched?: OrderRef): Promise<void>;
  /** An order's inbound history, oldest first. */
  list(ref: OrderRef): Promise<InboundRecord[]>;
  /** Unmatched inbound requests of one UTC day (yyyy-MM-dd). */
  listUnmatched(day: string): Promise<InboundRecord[]>;
  /** Rewrites one history entry of an order in place (the retention run's erasure). */
  replace(ref: OrderRef, record: InboundRecord): Promise<void>;
}

export interface CatalogStore {
  /** The room type with this `spuExtId` and its hotel; implementations may cache for a minute. */
  roomType(spuExtId: string): Promise<CatalogEntry | undefined>;
  /** Every stored room type with its hotel. */
  entries(): Promise<CatalogEntry[]>;
  /**
   * Makes these the whole catalog: room types it leaves out are deleted; the markups set since the last load
   * stay, unless `resetMarkups`.
   */
  replaceAll(entries: CatalogEntry[], options?: { resetMarkups?: boolean }): Promise<{ written: number; removed: number }>;
  /** Sets (or clears, null) a plan's markup on a channel; answers what it was (undefined: the catalog's). */
  setMarkup(spuExtId: string, plan: string, channel: string, percent: number | null): Promise<number | undefined>;
  /** Forgets cached room types. */
  forget(): void;
}

/**
 * One stored night of a room type: its allotment and holds (when sold from its own allotment), and each rate
 * plan's overrides that night (price in fen, rules), by plan code: a plan or a field absent has none.
 */
export interface StoredNight {
  night: string;
  allotment?: number;
  held?: number;
  /** allotment − held, kept beside them because a condition cannot subtract. */
  available?: number;
  plans: Record<string, PlanNight>;
}

/** Fields of a rate plan's night to set, or to clear (null: back to the plan's default). */
export type PlanNightChange = { [K in keyof PlanNight]?: PlanNight[K] | null };

export type AllotmentChange = { night: string; allotment: number } & (
  | { set: true }
  | { set: false; held: number; reason: string }
);

export interface NightsStore {
  /** The stored nights of a room type from `first` to `last` (yyyyMMdd, inclusive), or all of them. */
  read(spuExtId: string, range?: { first: string; last: string }): Promise<Map<string, StoredNight>>;
  /**
   * Holds `rooms` on one night for `holder`, once: true when the night holds them now (or held them
   * already), false when it has too few rooms. A night not yet stored starts at `allotment`.
   */
  hold(spuExtId: string, night: string, rooms: number, holder: string, allotment: number): Promise<boolean>;
  /** Gives back what `holder` held on one night, once; false when it held nothing there. */
  release(spuExtId: string, night: string, rooms: number, holder: string): Promise<boolean>;
  /** Sets one night's allotment, keeping its holds; below what is held only with `force`. */
  setAllotment(spuExtId: string, night: string, allotment: number, force: boolean): Promise<AllotmentChange>;
  /** Sets or clears fields of one rate plan's night; answers those fields as they were before. */
  setPlanNight(spuExtId: string, night: string, plan: string, change: PlanNightChange): Promise<PlanNight>;
}

/** Douyin's shared client token, with the lock that lets one instance at a time refresh it. */
export interface StoredToken {
  token: string;
  expiresAt: number;
  /** When it was fetched from Douyin (ms); absent on tokens stored before this field existed. */
  fetchedAt?: number;
}

export interface TokenStore {
  read(name: string): Promise<(StoredToken & { lockUntil?: number }) | undefined>;
  /**
   * Takes the refresh lock until `until`, only while no other lock is live and the stored token still needs
   * replacing: absent, expiring before `refreshBy`, or `rejected` as it stood before `now`.
   */
  lock(name: string, condition: { now: number; until: number; refreshBy: number; rejected?: string }): Promise<boolean>;
  write(name: string, token: StoredToken): Promise<void>;
}

interface ReportStore {
  /** Keeps one report (e.g. a reconciliation) for `ttlSeconds`. */
  put(kind: string, at: number, report: Record<string, unknown>, ttlSeconds: number): Promise<void>;
  /** The newest report of a kind, with when it was made. */
  latest(kind: string): Promise<{ at: number; report: Record<string, unknown> } | undefined>;
}

/**
 * The ARI a channel is owed (Douyin's calendar room is told every change): a room type's nights `first` …
 * `last` (yyyyMMdd), owed since `since`; `version` grows with every change, so a push settles only what it read.
 */
export interface PushDebt {
  channel: string;
  roomType: string;
  first: string;
  last: string;
  since: number;
  version: number;
  attempts: number;
  lastError?: string;
}

export interface PushStore {
  /** Owes the nights `first` … `last` of a room type to a channel, widening what it is owed already. */
  owe(channel: string, roomType: string, first: string, last: string, now: number): Promise<void>;
  get(channel: string, roomType: string): Promise<PushDebt | undefined>;
  list(channel: string): Promise<PushDebt[]>;
  /** Forgets the debt if it is still at `version` (nothing was owed since the push read it); false otherwise. */
  settle(channel: string, roomType: string, version: number): Promise<boolean>;
  failed(channel: string, roomType: string, error: string): Promise<void>;
}

/** How an inbound request ended, for a channel's health: answered, refused (the caller's mistake) or failed (ours). */
export type CallOutcome = 'ok' | 'rejected' | 'failed';

/** A channel's calls over a stretch of time, and the last one it made at all. */
export interface ChannelCalls {
  calls: number;
  rejected: number;
  failed: number;
  last?: { at: number; outcome: CallOutcome; code: string };
}

/** Each channel's inbound calls per minute, kept two days (SPEC §10's channel health). */
export interface CallsStore {
  record(channel: string, at: number, outcome: CallOutcome, code: string): Promise<void>;
  /** The calls since `since` (ms), and the last call however old. */
  since(channel: string, since: number): Promise<ChannelCalls>;
}

/** One change of ARI as the history keeps it (SPEC §5b): when, who, what, the value before and after. */
export interface AriHistoryEntry {
  /** Epoch ms. */
  at: number;
  /** The token's username, the identity `ops` ran as, or `catalog`. */
  who: string;
  source: 'api' | 'ops' | 'catalog';
  roomType: string;
  /** Absent for the room type's own field (`allotment`). */
  ratePlan?: string;
  /** yyyyMMdd */
  night: string;
  field: string;
  before?: unknown;
  after?: unknown;
}

/** The history of ARI changes, kept at least 400 days. */
export interface AriHistoryStore {
  append(entries: AriHistoryEntry[]): Promise<void>;
  /** A room type's entries for nights `first` … `last` (yyyyMMdd, inclusive), of one rate plan when named, newest first. */
  list(roomType: string, range: { first: string; last: string }, ratePlan?: string): Promise<AriHistoryEntry[]>;
}

/** What an `Idempotency-Key` found: a key never seen (claimed now), the same request again (with its answer once it has one), or another body. */
type IdempotencyClaim = { state: 'new' } | { state: 'same'; answer?: unknown } | { state: 'other' };

/** Keys a request may be sent again under, for 24 hours (SPEC §5b). */
export interface IdempotencyStore {
  claim(key: string, bodyHash: string, now: number): Promise<IdempotencyClaim>;
  complete(key: string, answer: unknown): Promise<void>;
}

/** Everything the domain stores. */
export interface Stores {
  orders: OrdersStore;
  history: HistoryStore;
  catalog: CatalogStore;
  nights: NightsStore;
  tokens: TokenStore;
  reports: ReportStore;
  ariHistory: AriHistoryStore;
  idempotency: IdempotencyStore;
  calls: CallsStore;
  pushes: PushStore;
}

/** A work message: an order and a piece of its owed work, nothing more. */
export interface WorkMessage extends OrderRef {
  workId: string;
}

/** The queue that carries owed work to the worker (SQS on AWS and locally, an array in the unit tests). */
export interface WorkQueue {
  send(messages: (WorkMessage & { delaySeconds?: number })[]): Promise<void>;
  /** Keeps a message that gave up, with the reason; a body that could not be read is kept as it was. */
  sendToDeadLetter(message: WorkMessage | string, reason: string): Promise<void>;
  /** The message received under `receipt` comes back after `seconds` (its backoff), not before. */
  retryIn(receipt: string, seconds: number): Promise<void>;
}
