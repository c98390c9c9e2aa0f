/** The booking's events: opening, payment, cancellation and AX's answers, through the one decide(). */
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../../lib/catalog/catalog.js';
import { OrderRefused, Refused } from '../../../lib/errors.js';
import {
  axVerdict,
  type Booking,
  ConfirmStatus,
  decide,
  nextDueAt,
  type Order,
  type OrderEvent,
  OrderStatus,
  open,
  WorkState,
  WorkType,
} from '../../../lib/orders/index.js';
import { axCreated, axMapped, ok, openInput, outcome, POLICY, priced, T0 } from '../../fixtures/orders.js';

const now = T0;

const opening = (paid: boolean, entry: CatalogEntry = priced, overrides: Partial<Booking> = {}) =>
  open(openInput({ paid, entry, booking: overrides, orderId: '1', fingerprint: 'f' }), POLICY);
const act = (order: Order, event: OrderEvent, at = now) => decide(order, event, at, POLICY);
const pay = (order: Order, at = now) => act(order, { type: 'pay', priceChanged: false }, at);
const cancel = (order: Order) => act(order, { type: 'cancel' });
const created = (order: Order, options: { axOrderCode: string; axOrderStatus: string }[]) =>
  act(order, outcome(WorkType.AxCreateOrder, ok({ type: WorkType.AxCreateOrder, created: options })));
const verdict = (order: Order, statuses: string[]) =>
  act(order, outcome(WorkType.AxPollOrder, ok({ type: WorkType.AxPollOrder, statuses })));

describe('order state machine', () => {
  it('opens an unpaid order with nothing owed', () => {
    const { order, due } = opening(false);
    expect(order.status).toBe(OrderStatus.Unpaid);
    expect(order.confirmStatus).toBe(ConfirmStatus.Confirming);
    expect(due).toEqual([]);
    expect(nextDueAt(order)).toBeUndefined();
  });

  it.each([
    ['the nightly prices add up', {}, ConfirmStatus.Confirmed],
    ['the total differs from the nightly prices', { totalPrice: 1 }, ConfirmStatus.PriceChanged],
    ['two rooms cost twice', { reserveAmount: 2, totalPrice: 2 * (58800 + 78800) }, ConfirmStatus.Confirmed],
    ['two rooms at the price of one', { reserveAmount: 2 }, ConfirmStatus.PriceChanged],
  ])('confirms a paid order at once when %s', (_name, overrides, expected) => {
    const { order, due } = opening(true, priced, overrides);
    expect(order.confirmStatus).toBe(expected);
    expect(due.map((item) => item.type)).toEqual([WorkType.DouyinOrderStatus]);
    expect(nextDueAt(order)).toBe(now);
  });

  it('confirms at once (0) when the room type has no nightly prices and no AX mapping', () => {
    const entry = { ...axMapped, roomType: { ...axMapped.roomType, ax: undefined } };
    expect(opening(true, entry, { totalPrice: 1 }).order.confirmStatus).toBe(ConfirmStatus.Confirmed);
  });

  it('leaves an AX-mapped order confirming and owes the AX creation', () => {
    const { order, due } = opening(true, axMapped, { spuExtId: 'RT-STD-KING' });
    expect(order.confirmStatus).toBe(ConfirmStatus.Confirming);
    expect(due.map((item) => item.type)).toEqual([WorkType.AxCreateOrder]);
  });

  it('pays an unpaid order once; a repeat changes nothing', () => {
    const first = pay(opening(false).order, now + 1);
    expect(first.changed).toBe(true);
    expect(first.order.status).toBe(OrderStatus.Paid);
    const again = pay(first.order, now + 2);
    expect(again.changed).toBe(false);
    expect(again.due).toEqual([]);
    expect(again.result).toEqual({ duplicate: true });
  });

  it('refuses payment after cancellation as a move the state does not allow', () => {
    const cancelled = cancel(opening(false).order).order;
    expect(() => pay(cancelled)).toThrowError(OrderRefused);
    expect(() => pay(cancelled)).toThrow(expect.objectContaining({ kind: Refused.NotAllowed }));
  });

  it('cancels once; a repeat changes nothing', () => {
    const first = cancel(opening(true).order);
    expect(first.order.status).toBe(OrderStatus.Cancelled);
    expect(first.order.work[WorkType.DouyinOrderStatus]?.note).toBe('skipped: order cancelled');
    expect(cancel(first.order).changed).toBe(false);
  });

  it('skips an AX creation that never started when the order is cancelled', () => {
    const { order } = cancel(opening(true, axMapped).order);
    expect(order.work[WorkType.AxCreateOrder]?.state).toBe(WorkState.Done);
    expect(nextDueAt(order)).toBeUndefined();
  });

  it('keeps an AX creation in flight owed and cancels what it made', () => {
    const claimed = act(opening(true, axMapped).order, {
      type: 'claim',
      workId: WorkType.AxCreateOrder,
      request: 'POST',
      token: 'T',
    }).order;
    const cancelled = cancel(claimed).order;
    expect(cancelled.work[WorkType.AxCreateOrder]?.state).toBe(WorkState.Pending);

    const made = created(cancelled, [{ axOrderCode: 'AX-1', axOrderStatus: 'New' }]);
    expect(made.due.map((item) => item.id)).toEqual(['ax.cancel-order:AX-1']);
    expect(made.order.axOrderCodes).toEqual(['AX-1']);
  });

  it('owes an AX cancel for every linked AX order', () => {
    const made = created(opening(true, axMapped).order, [
      { axOrderCode: 'AX-1', axOrderStatus: 'New' },
      { axOrderCode: 'AX-2', axOrderStatus: 'New' },
    ]);
    expect(made.due.map((item) => item.type)).toEqual([WorkType.AxPollOrder]);
    expect(made.due[0]?.dueAt).toBe(now + 60_000);
    const { due } = cancel(made.order);
    expect(due.map((item) => item.id)).toEqual(['ax.cancel-order:AX-1', 'ax.cancel-order:AX-2']);
  });

  it.each([
    ['confirm', ConfirmStatus.Confirmed, false],
    ['reject', ConfirmStatus.OutOfStock, true],
  ] as const)('turns an AX %s into Douyin status %i', (answer, status, rejected) => {
    const made = act(opening(true, axMapped).order, axCreated()).order;
    const { order, due } = verdict(made, [answer === 'confirm' ? 'Supplier confirm' : 'Supplier reject']);
    expect(order.confirmStatus).toBe(status);
    expect(order.axRejected === true).toBe(rejected);
    expect(order.work[WorkType.AxPollOrder]?.state).toBe(WorkState.Done);
    expect(due.map((item) => item.type)).toEqual([WorkType.DouyinOrderStatus]);
  });

  it('confirms straight from the create response when AX already decided', () => {
    const { order } = act(opening(true, axMapped).order, axCreated('SUPPLIER CONFIRM'));
    expect(order.confirmStatus).toBe(ConfirmStatus.Confirmed);
  });

  it('tells Douyin nothing about an AX verdict on a cancelled order', () => {
    const made = act(opening(true, axMapped).order, axCreated()).order;
    const { due } = verdict(cancel(made).order, ['Supplier confirm']);
    expect(due).toEqual([]);
  });

  it.each([
    [['Supplier confirm'], 'confirm'],
    [['supplier CONFIRM', 'Supplier confirm'], 'confirm'],
    [['Supplier confirm', 'Supplier reject'], 'reject'],
    [['New'], 'pending'],
    [['Supplier pending', 'Supplier confirm'], 'pending'],
    [[], 'pending'],
  ])('reads AX statuses %j as %s', (statuses, verdict) => {
    expect(axVerdict(statuses)).toBe(verdict);
  });
});
