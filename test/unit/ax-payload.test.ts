import { describe, expect, it } from 'vitest';
import { multiplyAmount } from '../../lib/ax/money.js';
import { buildCreateOrder } from '../../lib/ax/payload.js';
import example from '../../lib/catalog/catalog.example.json' with { type: 'json' };
import { parseCatalog } from '../../lib/catalog/catalog.js';
import type { AxMapping } from '../../lib/catalog/schema.js';
import type { Order } from '../../lib/orders/model.js';
import { day, night } from '../../local/calendar.js';

const mapping = parseCatalog(example).find('RT-STD-KING')?.roomType.ax as AxMapping;

describe('AX create-order body', () => {
  it.each([
    ['120000', 3, '360000'],
    ['12.5', 2, '25'],
    ['0.00001', 3, '0.00003'],
    ['99999999999999.99999', 10, '999999999999999.9999'],
  ])('multiplies %s × %i exactly', (value, times, expected) => {
    expect(multiplyAmount(value, times)).toBe(expected);
  });

  it('names each ticket after its room’s first guest when the channel says who stays in which room', () => {
    // Prepare: the partner's two rooms, Zhang San and Li Si in room 1, Wang Wu in room 2, two nights.
    const order = {
      orderExtId: 'HUB2',
      createdAt: Date.UTC(2026, 10, 1),
      booking: {
        reserveAmount: 2,
        checkIn: night(23),
        checkOut: night(25),
        customerName: 'Zhang San',
        customerPhone: '13800000000',
        customerList: [
          { surname: 'Zhang', given_name: 'San', room: 1 },
          { surname: 'Li', given_name: 'Si', room: 1 },
          { cn_name: '王五', room: 2 },
        ],
      },
    } as unknown as Order;

    // Act
    const tickets = buildCreateOrder(order, mapping).options[0]?.tickets ?? [];

    // Assess: room by room, night by night; phone and e-mail stay the booker's and the mapping's.
    expect(tickets.map((ticket) => ticket.name)).toEqual(['Zhang San', '王五', 'Zhang San', '王五']);
    expect(new Set(tickets.map((ticket) => ticket.phone))).toEqual(new Set(['13800000000']));
  });

  it('has one option of rooms × nights tickets with channel codes from order_ext_id', () => {
    // Prepare
    const order = {
      orderId: '7000000000000000001',
      orderExtId: 'HUB1',
      createdAt: Date.UTC(2026, 10, 1),
      paidAt: Date.UTC(2026, 10, 1, 8, 30, 0, 123),
      booking: {
        reserveAmount: 2,
        checkIn: night(23),
        checkOut: night(26),
        customerName: 'Guest',
        customerPhone: '13800000000',
        customerList: [{ surname: 'Zhang', given_name: 'San' }],
      },
    } as unknown as Order;

    // Act
    const body = buildCreateOrder(order, mapping);

    // Assess
    const [option] = body.options;
    expect(option?.quantity).toBe(6);
    expect(option?.inventory_at).toBe(`${day(23)}T00:00:00Z`);
    expect(option?.unit_selling_price).toBe('120000');
    expect(option?.amount_price).toBe('720000');
    expect(option?.tickets.map((ticket) => ticket.channel_code)).toEqual([
      'HUB1-1',
      'HUB1-2',
      'HUB1-3',
      'HUB1-4',
      'HUB1-5',
      'HUB1-6',
    ]);
    expect(option?.tickets[0]).toEqual({
      channel_code: 'HUB1-1',
      name: 'Guest',
      national_code: '86',
      phone: '13800000000',
      email: 'orders@example.com',
    });
    expect(body.order).toEqual({
      channel_order_id: 'HUB1',
      purchased_at: '2026-11-01T08:30:00Z',
      sub_total: '720000',
      total: '720000',
      status: 'New',
      is_voucher: false,
      currency: 'KRW',
    });
    expect(body.purchaser).toMatchObject({ is_required_more_information: false, name: 'Guest' });
    expect(body.representative).toMatchObject({ name: 'Guest', email: 'orders@example.com' });
  });
});
