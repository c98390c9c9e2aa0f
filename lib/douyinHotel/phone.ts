/**
 * How a guest's phone arrives from the calendar room (reference §2.3, Part B §1.2; a setting until 联调):
 * plain; `Enc.`-prefixed (Douyin's online decryption, a paid quota: kept as sent); or encrypted locally with
 * the app's secret (AES-256-CBC, key the secret cut or padded with `#` on the left to 32 characters, IV its
 * last 16, base64, PKCS#5), decrypted here.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

export type PhoneForm = 'plain' | 'enc' | 'local-aes';

/** The key and IV of Douyin's local encryption from the client secret. */
function keyOf(secret: string): { key: Buffer; iv: Buffer } {
  const fitted = secret.length >= 32 ? secret.slice(0, 32) : secret.padStart(32, '#');
  return { key: Buffer.from(fitted, 'utf8'), iv: Buffer.from(fitted.slice(16), 'utf8') };
}

/** Douyin's local encryption, for the fake and the tests. */
export function encryptLocal(plain: string, secret: string): string {
  const { key, iv } = keyOf(secret);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

/**
 * The phone as it should be kept: decrypted when it came locally encrypted, as sent otherwise (a value that
 * will not decrypt is kept as sent too: a refused order is a lost sale, and the phone is not what books).
 */
export function phoneOf(value: string, form: PhoneForm, secret: string | undefined): string {
  if (form !== 'local-aes' || secret === undefined || value === '' || value.startsWith('Enc.')) return value;
  try {
    const { key, iv } = keyOf(secret);
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    return Buffer.concat([decipher.update(Buffer.from(value, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return value;
  }
}
