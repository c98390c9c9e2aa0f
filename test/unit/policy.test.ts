/**
 * The order's policy, event by event and state by state: decide() is pure, so every row runs in
 * microseconds. Prepare a state, Act with an event, Assess the next order, the work now due and the result.
 */
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../lib/catalog/catalog.js';
import { ErrorCode, HubError } from '../../lib/errors.js';
import { ConfirmStatus, type Order, OrderStatus, WorkState, WorkType } from '../../lib/orders/model.js';
import {
  decide,
  LEASE_MS,
  type OrderEvent,
  open,
  type Policy,
  type WorkOutcome,
  workReadiness,
} from '../../lib/orders/policy.js';
import { ERASED } from '../../lib/orders/state-machine.js';
import { axMapped, booking, priced, T0 } from '../fixtures/orders.js';

const policy: Policy = {
  retry: { baseSeconds: 30, capSeconds: 900, maxAttempts: 3 },
  axPollSeconds: 60,
  axPollLimitSeconds: 72 * 3600,
  sweepGraceSeconds: 60,
  orderSync: false,
};

function opened(paid: boolean, entry: CatalogEntry): Order {
  return open(
    {
      orderId: '7000000000000000001',
      orderExtId: 'HUB1',
      booking: booking({ spuExtId: entry.roomType.spuExtId, customerName: '张三', customerPhone: '13800138000' }),
      fingerprint: 'F',
      paid,
      entry,
      now: T0,
    },
    policy,
  ).order;
}

const step = (order: Order, event: OrderEvent, at = T0 + 1_000) => decide(order, event, at, policy).order;
const ok = (value: Extract<WorkOutcome, { kind: 'ok' }>['value']): WorkOutcome => ({ kind: 'ok', value });
const outcome = (workId: string, result: WorkOutcome, claimed = false): Extract<OrderEvent, { type: 'outcome' }> => ({
  type: 'outcome',
  workId,
  request: 'call',
  startedAt: T0,
  outcome: result,
  claimed,
});

/** The states an order can be in, each built through the policy itself. */
const states: Record<string, () => Order> = {
  unpaid: () => opened(false, priced),
  'paid, telling Douyin': () => opened(true, priced),
  'paid, AX create owed': () => opened(true, axMapped),
  'paid, AX create in flight': () =>
    step(opened(true, axMapped), { type: 'claim', workId: WorkType.AxCreateOrder, request: 'POST' }),
  'paid, polling AX': () =>
    step(
      opened(true, axMapped),
      outcome(
        WorkType.AxCreateOrder,
        ok({ type: WorkType.AxCreateOrder, created: [{ axOrderCode: 'AX-1', axOrderStatus: 'New' }] }),
      ),
    ),
  cancelled: () => step(opened(false, priced), { type: 'cancel' }),
  'cancelled with AX orders': () =>
    step(
      step(
        opened(true, axMapped),
        outcome(
          WorkType.AxCreateOrder,
          ok({ type: WorkType.AxCreateOrder, created: [{ axOrderCode: 'AX-1', axOrderStatus: 'New' }] }),
        ),
      ),
      { type: 'cancel' },
    ),
};

interface Expected {
  status?: OrderStatus;
  confirm?: number;
  /** Ids of the work that became due. */
  due?: string[];
  changed?: boolean;
  result?: unknown;
  /** The HubError code it throws instead. */
  throws?: number;
}

/** Every event in every state: [state, expected] per event. */
const table: [string, OrderEvent, Record<string, Expected>][] = [
  [
    'a repeated commit with the same content',
    { type: 'commit', fingerprint: 'F', paid: false, entry: priced },
    Object.fromEntries(Object.keys(states).map((state) => [state, { changed: false, due: [], result: { duplicate: true } }])),
  ],
  [
    'a repeated commit marked paid',
    { type: 'commit', fingerprint: 'F', paid: true, entry: priced },
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
    { type: 'commit', fingerprint: 'OTHER', paid: false, entry: priced },
    Object.fromEntries(Object.keys(states).map((state) => [state, { throws: ErrorCode.Conflict }])),
  ],
  [
    'the payment notice',
    { type: 'pay', entry: priced },
    {
      unpaid: { status: OrderStatus.Paid, confirm: ConfirmStatus.Confirmed, due: [WorkType.DouyinOrderStatus] },
      'paid, telling Douyin': { changed: false, due: [] },
      'paid, AX create owed': { changed: false, due: [] },
      'paid, AX create in flight': { changed: false, due: [] },
      'paid, polling AX': { changed: false, due: [] },
      cancelled: { throws: ErrorCode.NotAllowed },
      'cancelled with AX orders': { throws: ErrorCode.NotAllowed },
    },
  ],
  [
    'the cancel',
    { type: 'cancel' },
    {
      unpaid: { status: OrderStatus.Cancelled, due: [] },
      'paid, telling Douyin': { status: OrderStatus.Cancelled, due: [] },
      'paid, AX create owed': { status: OrderStatus.Cancelled, due: [] },
      'paid, AX create in flight': { status: OrderStatus.Cancelled, due: [] },
      'paid, polling AX': { status: OrderStatus.Cancelled, due: ['ax.cancel-order:AX-1'] },
      cancelled: { changed: false, due: [] },
      'cancelled with AX orders': { changed: false, due: [] },
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
      expect(act).toThrowError(HubError);
      expect(() => act()).toThrow(expect.objectContaining({ code: expected.throws, orderId: before.orderId }));
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
      step(axOwed(), outcome(create, ok({ type: create, created: [{ axOrderCode: 'AX-1', axOrderStatus: 'New' }] }))),
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
    const polling = step(
      axOwed(),
      outcome(create, ok({ type: create, created: [{ axOrderCode: 'AX-1', axOrderStatus: 'New' }] })),
    );
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
    const first = decide(axOwed(), { type: 'claim', workId: create, request: 'POST' }, T0, policy);
    expect(first.result).toEqual({ claimed: true });
    expect(first.order.work[create]).toMatchObject({ attempts: 1, leaseUntil: T0 + LEASE_MS });
    expect(decide(first.order, { type: 'claim', workId: create, request: 'POST' }, T0 + 1, policy).result).toEqual({
      claimed: false,
    });
    expect(decide(first.order, { type: 'claim', workId: create, request: 'POST' }, T0 + LEASE_MS, policy).result).toEqual({
      claimed: true,
    });
    const recorded = decide(first.order, outcome(create, { kind: 'retry', detail: 'timeout' }, true), T0 + 2, policy);
    expect(recorded.order.work[create]?.attempts).toBe(1);
    expect(recorded.order.work[create]?.leaseUntil).toBeUndefined();
  });

  it.each([
    ['work owed and due', opened(true, priced), WorkType.DouyinOrderStatus, T0, { item: expect.anything() }],
    ['no such work', opened(false, priced), WorkType.DouyinOrderStatus, T0, { result: { action: 'ack', note: 'no such work' } }],
    [
      'work already done',
      step(opened(true, priced), outcome(WorkType.DouyinOrderStatus, ok({ type: WorkType.DouyinOrderStatus }))),
      WorkType.DouyinOrderStatus,
      T0,
      { result: { action: 'ack', note: 'already done' } },
    ],
    [
      'work held by another worker',
      step(opened(true, axMapped), { type: 'claim', workId: create, request: 'POST' }, T0),
      create,
      T0 + 1,
      { result: { action: 'ack', note: 'held by another worker' } },
    ],
  ] as const)('reads a message for %s', (_name, order, workId, now, expected) => {
    expect(workReadiness(order, workId, now)).toMatchObject(expected);
  });

  it('owes an order sync on every change of state, and none for a write that only records work', () => {
    const syncing = { ...policy, orderSync: true };
    const unpaid = open({ ...openInput(), paid: false }, syncing).order;
    expect(Object.keys(unpaid.work)).toEqual([WorkType.DouyinOrderSync]);
    const paid = decide(unpaid, { type: 'pay', entry: priced }, T0 + 1, syncing);
    expect(paid.due.map((item) => item.id)).toEqual([WorkType.DouyinOrderStatus]); // the sync is still pending: re-armed, not owed twice
    const swept = decide(paid.order, { type: 'sweep' }, T0 + 600_000, syncing);
    expect(swept.due).toEqual([]);
  });

  it('erases guest data and keeps ids, dates, money and states', () => {
    const decision = decide(opened(true, priced), { type: 'erase-guest-data' }, T0 + 1, policy);
    expect(decision.order.booking).toMatchObject({
      customerName: ERASED,
      customerPhone: ERASED,
      checkIn: '20261223',
      totalPrice: 137600,
    });
    expect(decision.order).toMatchObject({ orderId: '7000000000000000001', orderExtId: 'HUB1', status: OrderStatus.Paid });
  });
});

function openInput() {
  const order = opened(false, priced);
  return {
    orderId: order.orderId,
    orderExtId: order.orderExtId,
    booking: order.booking,
    fingerprint: 'F',
    paid: false,
    entry: priced,
    now: T0,
  };
}

describe('the policy for rooms held from our own allotment', () => {
  const suite = { ...priced, roomType: { ...priced.roomType, spuExtId: 'RT-FAM-SUITE', inventory: { default: 8 } } };
  const managed = (stock: 'held' | 'out-of-stock', paid = true) =>
    open(
      {
        orderId: '7000000000000000002',
        orderExtId: 'HUB2',
        booking: booking({ spuExtId: 'RT-FAM-SUITE', reserveAmount: 2, totalPrice: 2 * (58800 + 78800) }),
        fingerprint: 'F',
        paid,
        entry: suite,
        now: T0,
        stock,
      },
      policy,
    );

  it('records what a commit holds: its rooms on every night of the stay', () => {
    const { order } = managed('held');
    expect(order.inventory).toEqual({ spuExtId: 'RT-FAM-SUITE', nights: ['20261223', '20261224'], rooms: 2, state: 'held' });
    expect(order.confirmStatus).toBe(ConfirmStatus.Confirmed);
  });

  it.each([
    ['paid at the commit', true, []],
    ['paid later', false, [{ type: 'pay', entry: suite }]],
  ] as const)('confirms an order that found no rooms as 2 (out of stock) once %s', (_name, paid, events) => {
    let order = managed('out-of-stock', paid).order;
    for (const event of events) order = step(order, event);
    expect(order.confirmStatus).toBe(ConfirmStatus.OutOfStock);
    expect(order.work[WorkType.DouyinOrderStatus]?.state).toBe(WorkState.Pending);
  });

  it.each([
    ['held', { type: 'cancel' } as const, 'released'],
    ['out-of-stock', { type: 'cancel' } as const, 'out-of-stock'],
  ] as const)('a cancel of an order %s leaves it %s', (stock, event, state) => {
    expect(step(managed(stock).order, event).inventory?.state).toBe(state);
  });

  it('releases once: a second cancel changes nothing', () => {
    const once = step(managed('held').order, { type: 'cancel' });
    expect(decide(once, { type: 'cancel' }, T0 + 2_000, policy)).toMatchObject({ changed: false, order: once });
  });

  it('releases what an AX-decided order held when AX rejects it, and keeps it when AX confirms', () => {
    const axSuite = { ...suite, roomType: { ...suite.roomType, ax: axMapped.roomType.ax } };
    const holding = open({ ...managedInput(), entry: axSuite }, policy).order;
    const created = step(
      holding,
      outcome(
        WorkType.AxCreateOrder,
        ok({ type: WorkType.AxCreateOrder, created: [{ axOrderCode: 'AX-1', axOrderStatus: 'New' }] }),
      ),
    );
    const poll = (statuses: string[]) =>
      step(created, outcome(WorkType.AxPollOrder, ok({ type: WorkType.AxPollOrder, statuses })));
    expect(poll(['Supplier reject']).inventory?.state).toBe('released');
    expect(poll(['Supplier confirm']).inventory?.state).toBe('held');
  });

  function managedInput() {
    return {
      orderId: '7000000000000000003',
      orderExtId: 'HUB3',
      booking: booking({ spuExtId: 'RT-FAM-SUITE' }),
      fingerprint: 'F',
      paid: true,
      entry: suite,
      now: T0,
    };
  }
});
