/**
 * The order's policy, event by event and state by state: decide() is pure, so every row runs in
 * microseconds. Prepare a state, Act with an event, Assess the next order, the work now due and the result.
 */

import { describe, expect, it } from 'vitest';
import { OrderRefused, Refused } from '../../../lib/errors.js';
import {
  ConfirmStatus,
  decide,
  ERASED,
  LEASE_MS,
  type Order,
  type OrderEvent,
  OrderStatus,
  open,
  planWork,
  WorkState,
  WorkType,
} from '../../../lib/orders/index.js';
import { night } from '../../../local/calendar.js';
import {
  anOrder,
  axCreated,
  axMapped,
  managed as managedEntry,
  nightsSynced,
  ok,
  openInput,
  outcome,
  POLICY as policy,
  priced,
  step,
  T0,
} from '../../fixtures/orders.js';

const opened = (paid: boolean, entry = priced): Order =>
  anOrder({ paid, entry, booking: { customerName: '张三', customerPhone: '13800138000' } });
const claim = (workId: string, token = 'T'): OrderEvent => ({ type: 'claim', workId, request: 'POST', token });

/** The states an order can be in, each built through the policy itself. */
const states: Record<string, () => Order> = {
  unpaid: () => opened(false, priced),
  'paid, telling Douyin': () => opened(true, priced),
  'paid, AX create owed': () => opened(true, axMapped),
  'paid, AX create in flight': () => step(opened(true, axMapped), claim(WorkType.AxCreateOrder)),
  'paid, polling AX': () => step(opened(true, axMapped), axCreated()),
  cancelled: () => step(opened(false, priced), { type: 'cancel' }),
  'cancelled with AX orders': () => step(step(opened(true, axMapped), axCreated()), { type: 'cancel' }),
};

interface Expected {
  status?: OrderStatus;
  confirm?: number;
  /** Ids of the work that became due. */
  due?: string[];
  changed?: boolean;
  result?: unknown;
  /** The refusal it throws instead. */
  throws?: Refused;
}

/** Every event in every state: [state, expected] per event. */
const table: [string, OrderEvent, Record<string, Expected>][] = [
  [
    'a repeated commit with the same content',
    { type: 'commit', fingerprint: 'F', paid: false, priceChanged: false },
    Object.fromEntries(Object.keys(states).map((state) => [state, { changed: false, due: [], result: { duplicate: true } }])),
  ],
  [
    'a repeated commit marked paid',
    { type: 'commit', fingerprint: 'F', paid: true, priceChanged: false },
    {
      unpaid: {
        status: OrderStatus.Paid,
        confirm: ConfirmStatus.Confirmed,
        due: [WorkType.DouyinOrderStatus],
        result: { duplicate: true },
      },
      'paid, telling Douyin': { changed: false, result: { duplicate: true } },
      'paid, AX create owed': { changed: false, result: { duplicate: true } },
      'paid, AX create in flight': { changed: false, result: { duplicate: true } },
      'paid, polling AX': { changed: false, result: { duplicate: true } },
      cancelled: { changed: false, status: OrderStatus.Cancelled, result: { duplicate: true } },
      'cancelled with AX orders': { changed: false, result: { duplicate: true } },
    },
  ],
  [
    'a repeated commit with other content',
    { type: 'commit', fingerprint: 'OTHER', paid: false, priceChanged: false },
    Object.fromEntries(Object.keys(states).map((state) => [state, { throws: Refused.Conflict }])),
  ],
  [
    'the payment notice',
    { type: 'pay', priceChanged: false },
    {
      unpaid: {
        status: OrderStatus.Paid,
        confirm: ConfirmStatus.Confirmed,
        due: [WorkType.DouyinOrderStatus],
        result: { duplicate: false },
      },
      'paid, telling Douyin': { changed: false, due: [], result: { duplicate: true } },
      'paid, AX create owed': { changed: false, due: [], result: { duplicate: true } },
      'paid, AX create in flight': { changed: false, due: [], result: { duplicate: true } },
      'paid, polling AX': { changed: false, due: [], result: { duplicate: true } },
      cancelled: { throws: Refused.NotAllowed },
      'cancelled with AX orders': { throws: Refused.NotAllowed },
    },
  ],
  [
    'the cancel',
    { type: 'cancel' },
    {
      unpaid: { status: OrderStatus.Cancelled, due: [], result: { duplicate: false } },
      'paid, telling Douyin': { status: OrderStatus.Cancelled, due: [], result: { duplicate: false } },
      'paid, AX create owed': { status: OrderStatus.Cancelled, due: [], result: { duplicate: false } },
      'paid, AX create in flight': { status: OrderStatus.Cancelled, due: [], result: { duplicate: false } },
      'paid, polling AX': { status: OrderStatus.Cancelled, due: ['ax.cancel-order:AX-1'], result: { duplicate: false } },
      cancelled: { changed: false, due: [], result: { duplicate: true } },
      'cancelled with AX orders': { changed: false, due: [], result: { duplicate: true } },
    },
  ],
  [
    'a sweep past the grace period',
    { type: 'sweep' },
    {
      unpaid: { changed: false, result: { swept: [] } },
      'paid, telling Douyin': { result: { swept: [WorkType.DouyinOrderStatus] } },
      'paid, AX create owed': { result: { swept: [WorkType.AxCreateOrder] } },
      'paid, AX create in flight': { changed: false, result: { swept: [] } },
      'paid, polling AX': { changed: false, result: { swept: [] } },
      cancelled: { changed: false, result: { swept: [] } },
      'cancelled with AX orders': { result: { swept: ['ax.cancel-order:AX-1'] } },
    },
  ],
  [
    'an operator’s retry of failed work',
    { type: 'retry-failed' },
    Object.fromEntries(Object.keys(states).map((state) => [state, { changed: false, due: [], result: { retried: [] } }])),
  ],
  [
    'an AX order linked by an operator',
    { type: 'link-ax', axOrderCode: 'AX-9' },
    {
      unpaid: { due: [WorkType.AxPollOrder] },
      'paid, telling Douyin': { due: [WorkType.AxPollOrder] },
      'paid, AX create owed': { due: [WorkType.AxPollOrder] },
      'paid, AX create in flight': { due: [WorkType.AxPollOrder] },
      'paid, polling AX': { due: [] },
      cancelled: { due: ['ax.cancel-order:AX-9'] },
      'cancelled with AX orders': { due: ['ax.cancel-order:AX-9'] },
    },
  ],
  [
    'the erasure of guest data',
    { type: 'erase-guest-data' },
    Object.fromEntries(Object.keys(states).map((state) => [state, { due: [], result: undefined }])),
  ],
];

const rows = table.flatMap(([name, event, byState]) =>
  Object.entries(byState).map(([state, expected]) => [name, state, event, expected] as const),
);

describe('the order’s policy: every event in every state', () => {
  it('covers every state for every event', () => {
    for (const [, , byState] of table) expect(Object.keys(byState).sort()).toEqual(Object.keys(states).sort());
  });

  it.each(rows)('%s, when %s', (_name, state, event, expected) => {
    const before = states[state]?.() as Order;
    const act = () => decide(before, event, T0 + 120_000, policy);
    if (expected.throws !== undefined) {
      expect(act).toThrowError(OrderRefused);
      expect(() => act()).toThrow(expect.objectContaining({ kind: expected.throws, orderId: before.orderId }));
      return;
    }
    const decision = act();
    expect(decision.changed).toBe(expected.changed ?? true);
    if (expected.status !== undefined) expect(decision.order.status).toBe(expected.status);
    if (expected.confirm !== undefined) expect(decision.order.confirmStatus).toBe(expected.confirm);
    if (expected.due !== undefined) expect(decision.due.map((item) => item.id)).toEqual(expected.due);
    if ('result' in expected) expect(decision.result).toEqual(expected.result);
    if (!decision.changed) expect(decision.order).toBe(before);
    expect(before).toEqual(states[state]?.()); // the order given is never changed in place
  });
});

describe('the policy for work', () => {
  const create = WorkType.AxCreateOrder;
  const axOwed = () => opened(true, axMapped);

  it.each([
    [
      'a delivered Douyin status',
      opened(true, priced),
      WorkType.DouyinOrderStatus,
      ok({ type: WorkType.DouyinOrderStatus }),
      'ack',
      WorkState.Done,
    ],
    [
      'a busy partner',
      opened(true, priced),
      WorkType.DouyinOrderStatus,
      { kind: 'retry', detail: '5xx' } as const,
      'retry',
      WorkState.Pending,
    ],
    [
      'a permanent refusal',
      opened(true, priced),
      WorkType.DouyinOrderStatus,
      { kind: 'permanent', detail: '403' } as const,
      'failed',
      WorkState.Failed,
    ],
    [
      'an AX order still undecided',
      step(axOwed(), axCreated()),
      WorkType.AxPollOrder,
      ok({ type: WorkType.AxPollOrder, statuses: ['New'] }),
      'later',
      WorkState.Pending,
    ],
  ] as const)('records %s as %s', (_name, order, workId, result, action, state) => {
    const decision = decide(order, outcome(workId, result), T0 + 1_000, policy);
    expect(decision.result.action).toBe(action);
    expect(decision.order.work[workId]?.state).toBe(state);
    expect(decision.order.attempts.at(-1)).toMatchObject({ workId, request: 'call' });
  });

  it('gives up after MAX_ATTEMPTS retries, and backs off with full jitter until then', () => {
    let order = opened(true, priced);
    const actions: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const decision = decide(
        order,
        outcome(WorkType.DouyinOrderStatus, { kind: 'retry', detail: 'busy' }),
        T0 + attempt,
        policy,
      );
      actions.push(decision.result.action);
      if (decision.result.action === 'retry') expect(decision.result.delaySeconds).toBeLessThanOrEqual(30 * 2 ** (attempt - 1));
      order = decision.order;
    }
    expect(actions).toEqual(['retry', 'retry', 'failed']);
    expect(order.work[WorkType.DouyinOrderStatus]).toMatchObject({ state: WorkState.Failed, attempts: 3, lastError: 'busy' });
  });

  it('fails an AX poll after AX_POLL_LIMIT_SECONDS undecided', () => {
    const polling = step(axOwed(), axCreated());
    const late = T0 + 72 * 3_600_000 + 2_000;
    const decision = decide(
      polling,
      outcome(WorkType.AxPollOrder, ok({ type: WorkType.AxPollOrder, statuses: ['New'] })),
      late,
      policy,
    );
    expect(decision.result).toMatchObject({ action: 'failed', note: expect.stringMatching(/^AX has not decided after 72 h/) });
  });

  it('claims work once: a second claim within the lease is refused, and the outcome counts the claimed attempt once', () => {
    const first = decide(axOwed(), claim(create), T0, policy);
    expect(first.result).toEqual({ claimed: true });
    expect(first.order.work[create]).toMatchObject({ attempts: 1, leaseUntil: T0 + LEASE_MS });
    expect(decide(first.order, claim(create, 'OTHER'), T0 + 1, policy).result).toEqual({
      claimed: false,
    });
    expect(decide(first.order, claim(create, 'OTHER'), T0 + LEASE_MS, policy).result).toEqual({
      claimed: true,
    });
    // An outcome under a claim another worker has since taken (its lease ran out) is not counted.
    const retaken = decide(first.order, claim(create, 'OTHER'), T0 + LEASE_MS, policy).order;
    expect(
      decide(retaken, { ...outcome(create, { kind: 'retry', detail: 'late' }, true), token: 'T' }, T0 + LEASE_MS + 1, policy),
    ).toMatchObject({
      changed: false,
      result: { action: 'ack', note: 'resolved meanwhile' },
    });
    // A claim whose write was answered with a lost connection, sent again, finds its own claim.
    expect(decide(first.order, claim(create), T0 + 1, policy)).toMatchObject({ changed: false, result: { claimed: true } });
    const recorded = decide(first.order, outcome(create, { kind: 'retry', detail: 'timeout' }, true), T0 + 2, policy);
    expect(recorded.order.work[create]?.attempts).toBe(1);
    expect(recorded.order.work[create]?.leaseUntil).toBeUndefined();
  });

  it.each([
    ['work owed and due', opened(true, priced), WorkType.DouyinOrderStatus, T0, { action: 'run', item: expect.anything() }],
    ['no such work', opened(false, priced), WorkType.DouyinOrderStatus, T0, { action: 'ack', note: 'no such work' }],
    [
      'work already done',
      step(opened(true, priced), outcome(WorkType.DouyinOrderStatus, ok({ type: WorkType.DouyinOrderStatus }))),
      WorkType.DouyinOrderStatus,
      T0,
      { action: 'ack', note: 'already done' },
    ],
    [
      'work held by another worker',
      step(opened(true, axMapped), claim(create), T0),
      create,
      T0 + 1,
      { action: 'ack', note: 'held by another worker' },
    ],
  ] as const)('reads a message for %s', (_name, order, workId, now, expected) => {
    expect(planWork(order, workId, now, policy)).toMatchObject(expected);
  });

  it('owes an order sync on every change of state, and none for a write that only records work', () => {
    const syncing = { ...policy, orderSync: true };
    const unpaid = open(openInput({ paid: false }), syncing).order;
    expect(Object.keys(unpaid.work)).toEqual([WorkType.DouyinOrderSync]);
    const paid = decide(unpaid, { type: 'pay', priceChanged: false }, T0 + 1, syncing);
    expect(paid.due.map((item) => item.id)).toEqual([WorkType.DouyinOrderStatus]); // the sync is still pending: re-armed, not owed twice
    const swept = decide(paid.order, { type: 'sweep' }, T0 + 600_000, syncing);
    expect(swept.due).toEqual([]);
  });

  it('erases guest data and keeps ids, dates, money and states', () => {
    const decision = decide(opened(true, priced), { type: 'erase-guest-data' }, T0 + 1, policy);
    expect(decision.order.booking).toMatchObject({
      customerName: ERASED,
      customerPhone: ERASED,
      checkIn: night(22),
      totalPrice: 137600,
    });
    expect(decision.order).toMatchObject({ orderId: '7000000000000000001', orderExtId: 'HUB1', status: OrderStatus.Paid });
  });
});

describe('the policy for rooms held from our own allotment', () => {
  const suite = managedEntry;
  const stay = { reserveAmount: 2, totalPrice: 2 * (98800 + 128800) };
  /** A commit of two rooms whose nights came back `nights` from the sync. */
  const managed = (nights: 'held' | 'out-of-stock', paid = true) => {
    const order = anOrder({ orderId: '7000000000000000002', orderExtId: 'HUB2', booking: stay, paid, entry: suite });
    return { order: step(order, nightsSynced(nights === 'held' ? 'held' : 'short')) };
  };

  it('records what a commit holds: its rooms on every night of the stay', () => {
    const { order } = managed('held');
    expect(order.inventory).toEqual({ spuExtId: 'RT-FAM-SUITE', nights: [night(22), night(23)], rooms: 2, state: 'held' });
    expect(order.confirmStatus).toBe(ConfirmStatus.Confirmed);
  });

  it('waits for the nights before it confirms, and owes their sync at once', () => {
    const order = anOrder({ booking: stay, paid: true, entry: suite });
    expect(order.inventory?.state).toBe('pending');
    expect(order.confirmStatus).toBe(ConfirmStatus.Confirming);
    expect(Object.keys(order.work)).toEqual([WorkType.InventorySync]);
  });

  it.each([
    ['paid at the commit', true, []],
    ['paid later', false, [{ type: 'pay', priceChanged: false }]],
  ] as const)('confirms an order that found no rooms as 2 (out of stock) once %s', (_name, paid, events) => {
    let order = managed('out-of-stock', paid).order;
    for (const event of events) order = step(order, event);
    expect(order.confirmStatus).toBe(ConfirmStatus.OutOfStock);
    expect(order.work[WorkType.DouyinOrderStatus]?.state).toBe(WorkState.Pending);
  });

  it.each([
    ['held', 'released'],
    ['out-of-stock', 'out-of-stock'],
  ] as const)('a cancel of an order %s leaves it %s', (stock, state) => {
    const cancelled = step(managed(stock).order, { type: 'cancel' });
    expect(step(cancelled, nightsSynced('released')).inventory?.state).toBe(stock === 'held' ? state : 'out-of-stock');
    expect(cancelled.work[WorkType.InventorySync]?.state).toBe(stock === 'held' ? WorkState.Pending : WorkState.Done);
  });

  it('releases once: a second cancel changes nothing', () => {
    const once = step(step(managed('held').order, { type: 'cancel' }), nightsSynced('released'));
    expect(decide(once, { type: 'cancel' }, T0 + 2_000, policy)).toMatchObject({ changed: false, order: once });
  });

  it('gives the nights back when the order is cancelled while they were being held', () => {
    const holding = anOrder({ booking: stay, paid: true, entry: suite, claim: { token: 'T', request: 'hold' } });
    const cancelled = step(holding, { type: 'cancel' });
    // The holder's lease stands: the cancel does not run a second sync beside it.
    expect(cancelled.work[WorkType.InventorySync]).toMatchObject({ state: WorkState.Pending, claimToken: 'T' });
    const recorded = decide(cancelled, nightsSynced('held'), T0 + 2_000, policy);
    expect(recorded.order.inventory?.state).toBe('held');
    expect(recorded.due.map((item) => item.id)).toEqual([WorkType.InventorySync]);
    expect(step(recorded.order, nightsSynced('released')).inventory?.state).toBe('released');
  });

  it('releases what an AX-decided order held when AX rejects it, and keeps it when AX confirms', () => {
    const axSuite = { ...suite, roomType: { ...suite.roomType, ax: axMapped.roomType.ax } };
    const holding = step(
      anOrder({ orderId: '7000000000000000003', orderExtId: 'HUB3', paid: true, entry: axSuite }),
      nightsSynced('held'),
    );
    const created = step(holding, axCreated());
    const poll = (statuses: string[]) =>
      step(created, outcome(WorkType.AxPollOrder, ok({ type: WorkType.AxPollOrder, statuses })));
    expect(step(poll(['Supplier reject']), nightsSynced('released')).inventory?.state).toBe('released');
    expect(poll(['Supplier reject']).work[WorkType.InventorySync]?.state).toBe(WorkState.Pending);
    expect(poll(['Supplier confirm']).inventory?.state).toBe('held');
  });
});
