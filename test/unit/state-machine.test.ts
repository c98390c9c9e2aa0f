import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../lib/catalog/catalog.js';
import { ErrorCode, HubError } from '../../lib/errors.js';
import { type Booking, ConfirmStatus, OrderStatus, WorkState, WorkType } from '../../lib/orders/model.js';
import {
  axVerdict,
  cancel,
  nextDueAt,
  openOrder,
  pay,
  recordAxCreated,
  recordAxVerdict,
} from '../../lib/orders/state-machine.js';
import { axMapped, booking, priced, T0 } from '../fixtures/orders.js';

const now = T0;

const open = (paid: boolean, entry: CatalogEntry = priced, overrides: Partial<Booking> = {}) =>
  openOrder({ orderId: '1', orderExtId: 'HUB1', booking: booking(overrides), fingerprint: 'f', paid, entry, now });

describe('order state machine', () => {
  it('opens an unpaid order with nothing owed', () => {
    const { order, due } = open(false);
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
    const { order, due } = open(true, priced, overrides);
    expect(order.confirmStatus).toBe(expected);
    expect(due.map((item) => item.type)).toEqual([WorkType.DouyinOrderStatus]);
    expect(nextDueAt(order)).toBe(now);
  });

  it('confirms at once (0) when the room type has no nightly prices and no AX mapping', () => {
    const entry = { ...axMapped, roomType: { ...axMapped.roomType, ax: undefined } };
    expect(open(true, entry, { totalPrice: 1 }).order.confirmStatus).toBe(ConfirmStatus.Confirmed);
  });

  it('leaves an AX-mapped order confirming and owes the AX creation', () => {
    const { order, due } = open(true, axMapped, { spuExtId: 'RT-STD-KING' });
    expect(order.confirmStatus).toBe(ConfirmStatus.Confirming);
    expect(due.map((item) => item.type)).toEqual([WorkType.AxCreateOrder]);
  });

  it('pays an unpaid order once; a repeat changes nothing', () => {
    const first = pay(open(false).order, priced, now + 1);
    expect(first.changed).toBe(true);
    expect(first.order.status).toBe(OrderStatus.Paid);
    const again = pay(first.order, priced, now + 2);
    expect(again.changed).toBe(false);
    expect(again.due).toEqual([]);
  });

  it('refuses payment after cancellation with 40902', () => {
    const cancelled = cancel(open(false).order, now).order;
    expect(() => pay(cancelled, priced, now)).toThrowError(HubError);
    try {
      pay(cancelled, priced, now);
    } catch (error) {
      expect((error as HubError).code).toBe(ErrorCode.NotAllowed);
    }
  });

  it('cancels once; a repeat changes nothing', () => {
    const first = cancel(open(true).order, now);
    expect(first.order.status).toBe(OrderStatus.Cancelled);
    expect(first.order.work[WorkType.DouyinOrderStatus]?.note).toBe('skipped: order cancelled');
    expect(cancel(first.order, now).changed).toBe(false);
  });

  it('skips an AX creation that never started when the order is cancelled', () => {
    const { order } = cancel(open(true, axMapped).order, now);
    expect(order.work[WorkType.AxCreateOrder]?.state).toBe(WorkState.Done);
    expect(nextDueAt(order)).toBeUndefined();
  });

  it('keeps an AX creation in flight owed and cancels what it made', () => {
    const opened = open(true, axMapped).order;
    const create = opened.work[WorkType.AxCreateOrder];
    if (create === undefined) throw new Error('no create');
    create.attempts = 1;
    create.leaseUntil = now + 60_000;
    const cancelled = cancel(opened, now).order;
    expect(cancelled.work[WorkType.AxCreateOrder]?.state).toBe(WorkState.Pending);

    const created = recordAxCreated(cancelled, [{ axOrderCode: 'AX-1', axOrderStatus: 'New' }], now, 60);
    expect(created.due.map((item) => item.id)).toEqual(['ax.cancel-order:AX-1']);
    expect(created.order.axOrderCodes).toEqual(['AX-1']);
  });

  it('owes an AX cancel for every linked AX order', () => {
    const created = recordAxCreated(
      open(true, axMapped).order,
      [
        { axOrderCode: 'AX-1', axOrderStatus: 'New' },
        { axOrderCode: 'AX-2', axOrderStatus: 'New' },
      ],
      now,
      60,
    );
    expect(created.due.map((item) => item.type)).toEqual([WorkType.AxPollOrder]);
    expect(created.due[0]?.dueAt).toBe(now + 60_000);
    const { due } = cancel(created.order, now);
    expect(due.map((item) => item.id)).toEqual(['ax.cancel-order:AX-1', 'ax.cancel-order:AX-2']);
  });

  it.each([
    ['confirm', ConfirmStatus.Confirmed, false],
    ['reject', ConfirmStatus.OutOfStock, true],
  ] as const)('turns an AX %s into Douyin status %i', (verdict, status, rejected) => {
    const created = recordAxCreated(open(true, axMapped).order, [{ axOrderCode: 'AX-1', axOrderStatus: 'New' }], now, 60).order;
    const { order, due } = recordAxVerdict(created, verdict, now);
    expect(order.confirmStatus).toBe(status);
    expect(order.axRejected === true).toBe(rejected);
    expect(order.work[WorkType.AxPollOrder]?.state).toBe(WorkState.Done);
    expect(due.map((item) => item.type)).toEqual([WorkType.DouyinOrderStatus]);
  });

  it('confirms straight from the create response when AX already decided', () => {
    const { order } = recordAxCreated(
      open(true, axMapped).order,
      [{ axOrderCode: 'AX-1', axOrderStatus: 'SUPPLIER CONFIRM' }],
      now,
      60,
    );
    expect(order.confirmStatus).toBe(ConfirmStatus.Confirmed);
  });

  it('tells Douyin nothing about an AX verdict on a cancelled order', () => {
    const created = recordAxCreated(open(true, axMapped).order, [{ axOrderCode: 'AX-1', axOrderStatus: 'New' }], now, 60).order;
    const { due } = recordAxVerdict(cancel(created, now).order, 'confirm', now);
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
