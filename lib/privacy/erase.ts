/**
 * What erasing a guest's data means (SPEC §7): the name, phone, customer list and free-text remark are
 * replaced, on the order and in the raw bodies of its history; ids, dates, money, states and attempts stay.
 * Pure functions over data, so the retention run can apply them inside a conditional write.
 */
import type { Order } from '../orders/model.js';
import type { Transition } from '../orders/state-machine.js';
import type { InboundRecord } from '../store/history-store.js';

/** What an erased text reads as. */
export const ERASED = '[erased]';

/** The Douyin body fields that carry the guest's data. */
const GUEST_FIELDS = ['customer_name', 'customer_phone', 'customer_list', 'remark'] as const;

/**
 * The order with its guest data erased; a repeat changes nothing. The fingerprint (a hash over the booking,
 * the phone included) goes too: a commit of the same order_id so long after check-out is a conflict.
 * @example eraseGuestData(order, Date.now()).order.booking.customerName // '[erased]'
 */
export function eraseGuestData(current: Order, now: number): Transition {
  if (current.guestDataErasedAt !== undefined) return { order: current, due: [], changed: false };
  const { remark: _remark, ...booking } = current.booking;
  const order: Order = {
    ...current,
    booking: { ...booking, customerName: ERASED, customerPhone: ERASED, customerList: [] },
    fingerprint: ERASED,
    guestDataErasedAt: now,
  };
  return { order, due: [], changed: true };
}

/**
 * A history entry with the guest's data erased from its raw body, or undefined when it holds none: the
 * partner's XML inquiries carry no guest data, and a Douyin body that is not JSON is erased whole.
 */
export function eraseFromHistory(record: InboundRecord): InboundRecord | undefined {
  if (record.rawBody === undefined || record.route === 'searchOrder') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(record.rawBody);
  } catch {
    return record.rawBody === ERASED ? undefined : { ...record, rawBody: ERASED };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ...record, rawBody: ERASED };
  const fields = body as Record<string, unknown>;
  const present = GUEST_FIELDS.filter((field) => field in fields && !isErased(field, fields[field]));
  if (present.length === 0) return undefined;
  for (const field of present) fields[field] = field === 'customer_list' ? [] : ERASED;
  return { ...record, rawBody: JSON.stringify(fields) };
}

function isErased(field: (typeof GUEST_FIELDS)[number], value: unknown): boolean {
  return field === 'customer_list' ? Array.isArray(value) && value.length === 0 : value === ERASED;
}
