/** The AX Cloud create-order body (reference B.4), built from the order and its room type's AX mapping. */
import type { AxMapping } from '../catalog/schema.js';
import { dashedYmd, type Guest, nightsBetween, type Order } from '../orders/index.js';
import { multiplyAmount } from './money.js';

/** RFC 3339 UTC, second precision, as AX's examples. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A guest's name as a ticket carries it: family name first, as the partner's vendors write it. */
function nameOf(guest: Guest): string | undefined {
  const name = [guest.surname, guest.given_name].filter((part) => part !== undefined && part !== '').join(' ');
  return name === '' ? guest.cn_name : name;
}

/**
 * One option of `reserve_amount × nights` tickets, the order, purchaser and representative. The tickets go
 * room by room each night; a ticket carries the name of its room's first guest when the channel says who
 * stays in which room (the partner), and the booker's otherwise.
 * @example buildCreateOrder(order, mapping).order.channel_order_id === order.orderExtId
 */
export function buildCreateOrder(order: Order, mapping: AxMapping) {
  const { booking } = order;
  const quantity = booking.reserveAmount * nightsBetween(booking.checkIn, booking.checkOut).length;
  const amount = multiplyAmount(mapping.unitSellingPrice, quantity);
  const person = {
    name: booking.customerName,
    national_code: mapping.nationalCode,
    phone: booking.customerPhone,
    email: mapping.contactEmail,
  };
  return {
    options: [
      {
        channel_product_mapping_code: mapping.channelProductMappingCode,
        option_code: mapping.optionCode,
        quantity,
        inventory_at: `${dashedYmd(booking.checkIn)}T00:00:00Z`,
        unit_selling_price: mapping.unitSellingPrice,
        amount_price: amount,
        tickets: Array.from({ length: quantity }, (_, index) => {
          const guest = booking.customerList.find((candidate) => candidate.room === (index % booking.reserveAmount) + 1);
          const name = guest === undefined ? undefined : nameOf(guest);
          return { channel_code: `${order.orderExtId}-${index + 1}`, ...person, ...(name === undefined ? {} : { name }) };
        }),
      },
    ],
    order: {
      channel_order_id: order.orderExtId,
      purchased_at: rfc3339(order.paidAt ?? order.createdAt),
      sub_total: amount,
      total: amount,
      status: 'New',
      is_voucher: false,
      currency: mapping.currency,
    },
    purchaser: { is_required_more_information: false, ...person },
    representative: person,
  };
}

export type AxCreateOrderBody = ReturnType<typeof buildCreateOrder>;
