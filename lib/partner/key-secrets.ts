/** The RateKey's secrets as the selling methods read them: fail closed, and a temporary failure while unset. */
import { rateKeySecrets } from '../config/secrets.js';
import { Counter, count } from '../observability/logger.js';
import { PartnerCode, PartnerError } from './errors.js';

/**
 * The RateKey secrets, the signing one first, or SYSTEM_EXCEPTION while they are unset: fail closed (no key
 * is handed out or trusted), and temporary (ADR 11: a retry once the secret is set goes through; nothing is stored).
 */
export async function keySecrets(): Promise<[string, ...string[]]> {
  const [secret, ...previous] = await rateKeySecrets();
  if (secret === undefined) {
    count(Counter.CredentialUnset, { name: 'credential', value: 'rate-key' });
    throw new PartnerError(PartnerCode.SystemException, 'rates cannot be quoted now, please retry');
  }
  return [secret, ...previous];
}
