/**
 * Properties of the one function that decides every order, over random orders and random sequences of
 * events (fast-check): it never changes what it is given, repeats change nothing, holds are given back at
 * most once, due work is pending work, attempts stay within MAX_ATTEMPTS, and no sequence reaches a state
 * the rules forbid. A refused event (OrderRefused) leaves the order as it was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderRefused } from '../../../lib/errors.js';
import {
  type Channel,
  decide,
  type Order,
  type OrderEvent,
  OrderStatus,
  type WorkOutcome,
  WorkState,
  WorkType,
  type WorkValue,
} from '../../../lib/orders/index.js';
import { anOrder, axMapped, managed, POLICY, priced, T0 } from '../../fixtures/orders.js';

const policy = { ...POLICY, orderSync: true };

/** A new order of any kind the catalog sells, from either channel. */
const orders = fc
  .record({
    entry: fc.constantFrom(priced, axMapped, managed, {
      ...managed,
      roomType: { ...managed.roomType, ax: axMapped.roomType.ax },
    }),
    paid: fc.boolean(),
    channel: fc.constantFrom<Channel>('douyin', 'partner'),
    inline: fc.boolean(),
  })
  .map(({ entry, paid, channel, inline }) =>
    anOrder({ entry, paid, channel, policy, ...(inline ? { claim: { token: 'INLINE', request: 'hold' } } : {}) }),
  );

const callOutcomes = fc.constantFrom<WorkOutcome['kind']>('ok', 'retry', 'permanent', 'unknown');

/** A value that fits the work's type, as its call would bring back. */
function valueFor(type: WorkType, pick: number): WorkValue {
  switch (type) {
    case WorkType.DouyinOrderStatus:
    case WorkType.DouyinHotelConfirm:
    case WorkType.DouyinHotelCancelAudit:
    case WorkType.DouyinHotelStayNotice:
    case WorkType.AxCancelOrder:
      return { type };
    case WorkType.DouyinOrderSync:
      return { type, sentUpdatedAt: T0 + pick };
    case WorkType.AxCreateOrder:
      return {
        type,
        created: [
          { axOrderCode: `AX-${pick % 3}`, axOrderStatus: ['New', 'Supplier confirm', 'Supplier reject'][pick % 3] ?? 'New' },
        ],
      };
    case WorkType.AxPollOrder:
      return { type, statuses: [['New', 'Supplier confirm', 'Supplier reject'][pick % 3] ?? 'New'] };
    case WorkType.InventorySync:
      return { type, nights: (['held', 'short', 'released'] as const)[pick % 3] ?? 'held' };
  }
}

/** An event, some of them for the order's own work (picked by index when it is applied). */
type Step =
  | { kind: 'event'; event: OrderEvent }
  | { kind: 'work'; index: number; action: 'claim' | 'outcome' | 'skip' | 'doubt'; outcome: WorkOutcome['kind']; pick: number };

const steps: fc.Arbitrary<Step> = fc.oneof(
  fc
    .constantFrom<OrderEvent>(
      { type: 'commit', fingerprint: 'F', paid: false, priceChanged: false },
      { type: 'commit', fingerprint: 'F', paid: true, priceChanged: false },
      { type: 'commit', fingerprint: 'OTHER', paid: true, priceChanged: false },
      { type: 'pay', priceChanged: false },
      { type: 'pay', priceChanged: true },
      { type: 'cancel' },
      { type: 'cancel', claim: { token: 'CANCEL', request: 'release' } },
      { type: 'sweep' },
      { type: 'retry-failed' },
      { type: 'recreate-ax' },
      { type: 'link-ax', axOrderCode: 'AX-LINKED' },
      { type: 'erase-guest-data' },
    )
    .map((event) => ({ kind: 'event' as const, event })),
  fc.record({
    kind: fc.constant('work' as const),
    index: fc.nat(),
    action: fc.constantFrom('claim', 'outcome', 'outcome', 'outcome', 'skip', 'doubt'),
    outcome: callOutcomes,
    pick: fc.nat(),
  }),
);

/** The event a step stands for on this order, or undefined when it names no work. */
function eventOf(order: Order, step: Step): OrderEvent | undefined {
  if (step.kind === 'event') return step.event;
  const items = Object.values(order.work);
  const item = items[step.index % Math.max(1, items.length)];
  if (item === undefined) return undefined;
  const workId = item.id;
  switch (step.action) {
    case 'claim':
      return { type: 'claim', workId, request: 'call', token: `T${step.pick}` };
    case 'skip':
      return { type: 'skip', workId, reason: 'test' };
    case 'doubt':
      return { type: 'doubt', workId, note: 'test' };
    case 'outcome': {
      const outcome: WorkOutcome =
        step.outcome === 'ok' ? { kind: 'ok', value: valueFor(item.type, step.pick) } : { kind: step.outcome, detail: 'test' };
      return { type: 'outcome', workId, request: 'call', startedAt: T0, outcome, claimed: item.claimToken !== undefined };
    }
  }
}

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
};

type Check = (before: Order, event: OrderEvent, after: ReturnType<typeof decide>) => void;

/**
 * Applies a sequence, a minute apart; a refused event leaves the order as it was. Every decision is checked
 * by `check`; with `freeze`, each order is frozen before it is decided on, so a write in place throws.
 */
function run(order: Order, sequence: Step[], check: Check = () => undefined, freeze = false): Order[] {
  const states = [order];
  let current = order;
  sequence.forEach((step, index) => {
    const event = eventOf(current, step);
    if (event === undefined) return;
    if (freeze) deepFreeze(current);
    try {
      const decision = decide(current, event, T0 + (index + 1) * 60_000, policy);
      check(current, event, decision);
      current = decision.order;
      states.push(current);
    } catch (error) {
      if (!(error instanceof OrderRefused)) throw error;
    }
  });
  return states;
}

describe('properties of decide', () => {
  it('never changes the order it is given', () => {
    fc.assert(
      fc.property(orders, fc.array(steps, { maxLength: 25 }), (order, sequence) => {
        // Each input is frozen (a write in place throws in strict mode) and compared with its copy after.
        run(
          order,
          sequence,
          (before, _event, decision) => {
            expect(decision.changed || decision.order === before).toBe(true);
          },
          true,
        );
        const copy = structuredClone(order);
        run(order, sequence);
        expect(order).toEqual(copy);
      }),
    );
  });

  it('makes a repeated pay, cancel or commit change nothing, and calls it a duplicate', () => {
    const repeatable = fc.constantFrom<OrderEvent>(
      { type: 'pay', priceChanged: false },
      { type: 'cancel' },
      { type: 'commit', fingerprint: 'F', paid: true, priceChanged: false },
    );
    fc.assert(
      fc.property(orders, fc.array(steps, { maxLength: 15 }), repeatable, (order, sequence, event) => {
        const states = run(order, sequence);
        const last = states.at(-1) as Order;
        let once: ReturnType<typeof decide>;
        try {
          once = decide(last, event, T0 + 10_000_000, policy);
        } catch (error) {
          if (error instanceof OrderRefused) return;
          throw error;
        }
        const twice = decide(once.order, event, T0 + 10_000_001, policy);
        expect(twice.changed).toBe(false);
        expect(twice.order).toBe(once.order);
        expect(twice.result).toEqual({ duplicate: true });
      }),
    );
  });

  it('gives the nights back at most once, and never holds them again after', () => {
    fc.assert(
      fc.property(orders, fc.array(steps, { maxLength: 40 }), (order, sequence) => {
        const held = run(order, sequence).map((state) => state.inventory?.state);
        const released = held.map((state, index) => state === 'released' && held[index - 1] !== 'released').filter(Boolean);
        expect(released.length).toBeLessThanOrEqual(1);
        const first = held.indexOf('released');
        if (first >= 0) expect(held.slice(first).every((state) => state === 'released')).toBe(true);
        const short = held.indexOf('out-of-stock');
        if (short >= 0) expect(held.slice(short).includes('held')).toBe(false);
      }),
    );
  });

  it('makes due only work that is pending, and never lets attempts pass MAX_ATTEMPTS before the work fails', () => {
    fc.assert(
      fc.property(orders, fc.array(steps, { maxLength: 40 }), (order, sequence) => {
        run(order, sequence, (_before, _event, decision) => {
          for (const item of decision.due) expect(decision.order.work[item.id]?.state).toBe(WorkState.Pending);
          for (const item of Object.values(decision.order.work)) {
            if (item.state === WorkState.Pending) expect(item.attempts).toBeLessThanOrEqual(policy.retry.maxAttempts);
          }
        });
      }),
    );
  });

  it('never reaches a state the rules forbid, whatever the sequence', () => {
    fc.assert(
      fc.property(orders, fc.array(steps, { maxLength: 40 }), (order, sequence) => {
        const states = run(order, sequence);
        states.forEach((state, index) => {
          const previous = states[index - 1];
          // A cancelled order stays cancelled, and says when.
          if (previous?.status === OrderStatus.Cancelled) expect(state.status).toBe(OrderStatus.Cancelled);
          if (state.status === OrderStatus.Cancelled) expect(state.cancelledAt).toBeDefined();
          // A confirmation is only ever decided for a paid order, and AX's codes are never forgotten.
          if (state.confirmedAt !== undefined) expect(state.status).not.toBe(OrderStatus.Unpaid);
          if (previous !== undefined) expect(state.axOrderCodes).toEqual(expect.arrayContaining(previous.axOrderCodes));
          // Douyin is told only of Douyin's orders; only an AX create is ever in doubt.
          if (state.channel === 'partner') {
            expect(state.work[WorkType.DouyinOrderStatus]).toBeUndefined();
            expect(state.work[WorkType.DouyinOrderSync]).toBeUndefined();
          }
          for (const item of Object.values(state.work)) {
            if (item.state === WorkState.InDoubt) expect(item.type).toBe(WorkType.AxCreateOrder);
            if (item.state !== WorkState.Pending) expect(item.leaseUntil).toBeUndefined();
          }
        });
      }),
    );
  });
});
