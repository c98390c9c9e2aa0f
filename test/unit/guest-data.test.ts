import { describe, expect, it } from 'vitest';
import { decide, ERASED, type Order } from '../../lib/orders/index.js';
import { eraseFromHistory } from '../../lib/privacy/erase.js';
import { retentionCutoff } from '../../lib/privacy/retention.js';
import type { InboundRecord } from '../../lib/store/ports.js';
import { night } from '../../local/calendar.js';
import { anOrder, POLICY, T0 } from '../fixtures/orders.js';

const now = T0;
const order = anOrder({
  booking: {
    remark: '晚到，电话13800138000',
    customerName: '张三',
    customerPhone: '13800138000',
    customerList: [{ cn_name: '张三' }],
    datePrice: [{ date: night(22), datePrice: 58800 }],
  },
  fingerprint: 'sha256-of-the-booking',
  paid: true,
});
const eraseGuestData = (current: Order, at: number) => decide(current, { type: 'erase-guest-data' }, at, POLICY);

const record = (route: string, rawBody: string | undefined): InboundRecord => ({
  route,
  requestId: 'r1',
  at: now,
  ...(rawBody === undefined ? {} : { rawBody }),
  bodyBytes: rawBody?.length ?? 0,
  bodySha256: 'h',
  authenticated: rawBody !== undefined,
  headers: {},
  outcome: { code: 0, description: 'success' },
  orderId: '7000000000000000001',
  latencyMs: 3,
});

describe('erasing a guest’s data', () => {
  it('replaces name, phone, customer list and remark on the order, and keeps ids, dates, money, states and attempts', () => {
    const { order: erased, changed } = eraseGuestData(order, now + 1);

    expect(changed).toBe(true);
    expect(erased.booking).toEqual({
      ...order.booking,
      remark: undefined,
      customerName: ERASED,
      customerPhone: ERASED,
      customerList: [],
    });
    expect(erased).toMatchObject({
      orderId: order.orderId,
      orderExtId: order.orderExtId,
      status: order.status,
      confirmStatus: order.confirmStatus,
      work: order.work,
      attempts: order.attempts,
      fingerprint: ERASED,
      guestDataErasedAt: now + 1,
    });
    expect(JSON.stringify(erased)).not.toMatch(/张三|13800138000/);
    expect(eraseGuestData(erased, now + 2)).toEqual({ order: erased, due: [], changed: false, result: undefined });
  });

  const commit = JSON.stringify({
    order_id: '7000000000000000001',
    customer_name: '张三',
    customer_phone: 13800138000,
    customer_list: [{ cn_name: '张三' }],
    remark: '晚到',
    total_price: 137600,
  });
  it.each([
    [
      'a commit body: the guest fields, nothing else',
      record('commit', commit),
      { ...JSON.parse(commit), customer_name: ERASED, customer_phone: ERASED, customer_list: [], remark: ERASED },
    ],
    ['a Douyin body that is not JSON: the whole body', record('commit', 'order_id=1&customer_name=张三'), ERASED],
    ['a Douyin body that is JSON but not an object: the whole body', record('status', '["张三"]'), ERASED],
  ])('erases %s', (_name, input, expected) => {
    const erased = eraseFromHistory(input)?.rawBody;
    expect(typeof expected === 'string' ? erased : JSON.parse(erased ?? 'null')).toEqual(expected);
    expect(eraseFromHistory({ ...input, rawBody: erased })).toBeUndefined();
  });

  it.each([
    ['a cancel, which carries no guest data', record('cancel', '{"order_id":"1","order_ext_id":"HUB1"}')],
    ['the partner’s XML inquiry', record('searchOrder', '<SearchOrderRequest><OrderId>1</OrderId></SearchOrderRequest>')],
    ['a stranger’s request, whose body was never kept', record('commit', undefined)],
  ])('leaves %s as it is', (_name, input) => {
    expect(eraseFromHistory(input)).toBeUndefined();
  });

  it.each([
    [180, '20260718'],
    [1, '20270113'],
  ])('is due %i days after check-out', (days, lastCheckOut) => {
    expect(retentionCutoff(Date.UTC(2027, 0, 14, 12), days)).toBe(lastCheckOut);
  });
});
