/**
 * Erasing a guest's data from the raw bodies of an order's history (SPEC §7); on the order itself it is the
 * policy's `erase-guest-data` event. Each channel's descriptor says which of its routes carry guest data and
 * where (JSON fields or XML elements); a route no channel names carries none. A pure function over data.
 */
import type { GuestData } from '../channels/descriptor.js';
import { CHANNELS } from '../channels/registry.js';
import { ERASED } from '../orders/index.js';
import type { InboundRecord } from '../store/ports.js';

/** Where the guest data of each route is, from the registry. */
const BY_ROUTE = new Map<string, GuestData>(
  CHANNELS.flatMap((channel) => channel.guestData.routes.map((route) => [route, channel.guestData] as const)),
);

/** The XML with each named element's content replaced, or undefined when none is left to erase. */
function eraseXml(xml: string, elements: readonly string[]): string | undefined {
  let erased = xml;
  for (const name of elements) {
    erased = erased.replace(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'), (whole, content: string) =>
      content === ERASED ? whole : `<${name}>${ERASED}</${name}>`,
    );
  }
  return erased === xml ? undefined : erased;
}

/** The JSON with its text fields erased and its list fields emptied; a body that is not a JSON object is erased whole. */
function eraseJson(raw: string, fields: readonly string[], lists: readonly string[]): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return raw === ERASED ? undefined : ERASED;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ERASED;
  const values = body as Record<string, unknown>;
  const isErased = (field: string) =>
    lists.includes(field) ? Array.isArray(values[field]) && (values[field] as unknown[]).length === 0 : values[field] === ERASED;
  const present = [...fields, ...lists].filter((field) => field in values && !isErased(field));
  if (present.length === 0) return undefined;
  for (const field of present) values[field] = lists.includes(field) ? [] : ERASED;
  return JSON.stringify(values);
}

/**
 * A history entry with the guest's data erased from its raw body, or undefined when it holds none.
 * @example eraseFromHistory(record)?.rawBody // '{"order_id":"1","customer_name":"[erased]",…}'
 */
export function eraseFromHistory(record: InboundRecord): InboundRecord | undefined {
  const where = BY_ROUTE.get(record.route);
  if (record.rawBody === undefined || where === undefined) return undefined;
  const erased =
    where.format === 'xml' ? eraseXml(record.rawBody, where.elements) : eraseJson(record.rawBody, where.fields, where.lists);
  return erased === undefined ? undefined : { ...record, rawBody: erased };
}
