/** The partner's signature: hex SHA256(Username + Password + RequestTimestamp), seconds within 300 s. */
import { createHash, timingSafeEqual } from 'node:crypto';

const PARTNER_WINDOW_SECONDS = 300;

/** @example partnerSignature('fliggy', 'secret', '1700000000') // 64 lowercase hex characters */
export function partnerSignature(username: string, password: string, timestamp: string): string {
  return createHash('sha256').update(`${username}${password}${timestamp}`, 'utf8').digest('hex');
}

/**
 * Checks the AuthenticationToken. The reason is for our logs only: the partner is told "authentication
 * failed" whatever part was wrong.
 */
export function verifyPartner(input: {
  username: string;
  timestamp: string;
  signature: string;
  passwords: Map<string, string>;
  nowSeconds: number;
}): { ok: true } | { ok: false; reason: string } {
  const password = input.passwords.get(input.username);
  // Hash even for an unknown user so the answer takes the same time either way.
  const expected = Buffer.from(partnerSignature(input.username, password ?? '\u0000unknown', input.timestamp), 'utf8');
  const given = Buffer.from(input.signature.toLowerCase(), 'utf8');
  const matches = given.length === expected.length && timingSafeEqual(given, expected);
  if (password === undefined) return { ok: false, reason: 'unknown user' };
  if (Math.abs(input.nowSeconds - Number(input.timestamp)) > PARTNER_WINDOW_SECONDS)
    return { ok: false, reason: 'stale timestamp' };
  if (!matches) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}
