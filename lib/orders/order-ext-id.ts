/** Our order ids (`order_ext_id`): "HUB" + time + randomness, generated once per Douyin order_id. */
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 10;

/**
 * Random bytes drawn a few hundred ids at a time, as node:crypto buffers them for randomUUID: each call into
 * the system's generator costs far more than the bytes it returns.
 */
const pool = Buffer.alloc(RANDOM_CHARS * 256);
let next = pool.length;

function randomChars(): string {
  if (next + RANDOM_CHARS > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  let chars = '';
  for (let end = next + RANDOM_CHARS; next < end; next++) chars += ALPHABET[(pool[next] ?? 0) % 32];
  return chars;
}

/** @example newOrderExtId() // "HUBMI3K2Q8Z4F7K9D2P1Q" */
export function newOrderExtId(now = Date.now()): string {
  return `HUB${now.toString(36).toUpperCase()}${randomChars()}`;
}
