/**
 * Erasing a guest's data from the raw bodies of an order's history (SPEC §7); on the order itself it is the
 * policy's `erase-guest-data` event. A pure function over data.
 */
import { ERASED } from '../orders/index.js';
import type { InboundRecord } from '../store/ports.js';

/** The Douyin body fields that carry the guest's data. */
const GUEST_FIELDS = ['customer_name', 'customer_phone', 'customer_list', 'remark'] as const;

/** The partner's CreateOrder elements that carry the guest's data (reference §6.1). */
const PARTNER_GUEST_ELEMENTS = [
  'ContactSurname',
  'ContactName',
  'ContactPhone',
  'ContactEmail',
  'specialRequest',
  'Memo',
  'PaxNames',
];

/** A partner CreateOrder's XML with each guest element's content replaced, or undefined when none is left to erase. */
function eraseFromPartnerXml(xml: string): string | undefined {
  let erased = xml;
  for (const name of PARTNER_GUEST_ELEMENTS) {
    erased = erased.replace(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'), (whole, content: string) =>
      content === ERASED ? whole : `<${name}>${ERASED}</${name}>`,
    );
  }
  return erased === xml ? undefined : erased;
}

/** The partner's routes whose bodies carry no guest data (quotes, inquiries, cancels name ids and dates only). */
const PARTNER_WITHOUT_GUESTS = new Set(['searchOrder', 'hotelRooms', 'roomAvailability', 'cancelOrder', 'partner']);

/**
 * A history entry with the guest's data erased from its raw body, or undefined when it holds none: the
 * partner's CreateOrder has its guest elements erased, its other methods carry none, and a Douyin body that
 * is not JSON is erased whole.
 */
export function eraseFromHistory(record: InboundRecord): InboundRecord | undefined {
  if (record.rawBody === undefined || PARTNER_WITHOUT_GUESTS.has(record.route)) return undefined;
  if (record.route === 'createOrder') {
    const erased = eraseFromPartnerXml(record.rawBody);
    return erased === undefined ? undefined : { ...record, rawBody: erased };
  }
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
