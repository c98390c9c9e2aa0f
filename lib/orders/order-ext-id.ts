/** Our order ids (`order_ext_id`): "HUB" + time + randomness, generated once per Douyin order_id. */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** @example newOrderExtId() // "HUBMI3K2Q8Z4F7K9D2P1Q" */
export function newOrderExtId(now = Date.now()): string {
  const random = [...randomBytes(10)].map((byte) => ALPHABET[byte % 32]).join('');
  return `HUB${now.toString(36).toUpperCase()}${random}`;
}
