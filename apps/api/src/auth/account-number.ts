import { createHash } from 'node:crypto';

const ACCOUNT_NUMBERS = 10n ** 12n;

/**
 * The 12-digit AWS-style account number of a CloudStack account: the first 64 bits of
 * SHA-256("cloudstack-account:<account uuid>[:<attempt>]") modulo 10^12, zero-padded. The uuid is what stays the
 * same for the life of a CloudStack account (its name can be reused after it is deleted), so the number is stable
 * across restarts and api replicas without any shared state. A later `attempt` is used only if the number was
 * already taken by another account (one chance in a trillion per pair).
 */
export function accountNumberFor(cloudStackAccountId: string, attempt = 0): string {
  const digest = createHash('sha256')
    .update(`cloudstack-account:${cloudStackAccountId}${attempt === 0 ? '' : `:${attempt}`}`)
    .digest();
  return (digest.readBigUInt64BE(0) % ACCOUNT_NUMBERS).toString().padStart(12, '0');
}
