import { Injectable } from '@nestjs/common';

import { throttling } from '../protocol/aws-error';

export const DEFAULT_API_RATE_PER_SECOND = 50;
export const DEFAULT_API_BURST = 100;
/** Accounts whose buckets are kept at most; the least recently seen goes first beyond it. */
export const DEFAULT_RATE_LIMITED_ACCOUNTS = 10_000;

export interface AccountRateLimiterOptions {
  /** Requests per second each account earns back; 0 disables the limiter. May be fractional. */
  ratePerSecond: number;
  /** Requests an account may make at once after being idle (the bucket's size); 0 disables the limiter. */
  burst: number;
  /** Buckets kept at most (default 10,000). */
  maxAccounts?: number;
  /** A monotonic clock in milliseconds (tests inject one); `performance.now()` by default. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date. */
  at: number;
}

/**
 * A per-account request rate limit for the api: a token bucket per account id, `burst` tokens deep, refilled at
 * `ratePerSecond`; each request takes one token, and a request that finds none is refused with AWS's own
 * throttling error (`throttling()`: code `Throttling`, "Rate exceeded", HTTP 400, Sender), the one CloudFormation
 * itself sends. That code, not just any 4xx, is what makes the AWS SDKs back off on their own: botocore's
 * ThrottledRetryableChecker (standard and adaptive retry modes) and the JS SDK v3's THROTTLING_ERROR_CODES list
 * `Throttling` (with `ThrottlingException`, `RequestLimitExceeded`, ...), retry it with exponential backoff and
 * jitter, and adaptive mode also slows the client's own send rate. A 429 or an invented code would surface as an
 * error to scripts (or be retried as a generic error) instead.
 *
 * Memory is bounded: buckets live in a map ordered by last use; a bucket idle long enough to have refilled
 * (`burst / ratePerSecond` seconds) is evicted, losing nothing (a new bucket is full too), and beyond
 * `maxAccounts` the least recently used goes (that account starts again with a full bucket). Both take
 * constant time per request, amortized.
 *
 * Settings: CFN_API_RATE_PER_SECOND (default 50) and CFN_API_BURST (default 100); `0` in either disables it.
 * Use: `{ provide: AccountRateLimiter, useFactory: () => AccountRateLimiter.fromEnv() }`, then
 * `limiter.take(accountId)` once per authenticated request, before the action runs (it throws the AwsError).
 */
@Injectable()
export class AccountRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ratePerMs: number;
  private readonly burst: number;
  private readonly maxAccounts: number;
  private readonly refillMs: number;
  private readonly now: () => number;
  readonly enabled: boolean;

  constructor(options: AccountRateLimiterOptions) {
    const { ratePerSecond, burst } = options;
    if (!Number.isFinite(ratePerSecond) || ratePerSecond < 0)
      throw new Error(`the api rate per second must be 0 or more, not ${ratePerSecond}`);
    if (!Number.isInteger(burst) || burst < 0)
      throw new Error(`the api burst must be a whole number, 0 or more, not ${burst}`);
    this.maxAccounts = options.maxAccounts ?? DEFAULT_RATE_LIMITED_ACCOUNTS;
    if (!Number.isInteger(this.maxAccounts) || this.maxAccounts < 1)
      throw new Error(`maxAccounts must be a whole number, 1 or more, not ${this.maxAccounts}`);
    this.enabled = ratePerSecond > 0 && burst > 0;
    this.ratePerMs = ratePerSecond / 1000;
    this.burst = burst;
    this.refillMs = this.enabled ? burst / this.ratePerMs : Infinity;
    this.now = options.now ?? (() => performance.now());
  }

  /** From CFN_API_RATE_PER_SECOND (default 50) and CFN_API_BURST (default 100); `0` in either disables it. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, now?: () => number): AccountRateLimiter {
    return new AccountRateLimiter({
      ratePerSecond: setting(env, 'CFN_API_RATE_PER_SECOND', DEFAULT_API_RATE_PER_SECOND),
      burst: setting(env, 'CFN_API_BURST', DEFAULT_API_BURST, true),
      ...(now ? { now } : {}),
    });
  }

  /** Takes one request from the account's bucket; throws `Throttling` "Rate exceeded" when it is empty. */
  take(accountId: string): void {
    if (!this.enabled) return;
    const now = this.now();
    this.evictIdle(now);
    const bucket = this.buckets.get(accountId);
    let tokens = this.burst;
    if (bucket) {
      // Re-inserted below, so the map stays in order of last use.
      this.buckets.delete(accountId);
      tokens = Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.ratePerMs);
    } else if (this.buckets.size >= this.maxAccounts) {
      this.buckets.delete(this.buckets.keys().next().value as string);
    }
    const allowed = tokens >= 1;
    this.buckets.set(accountId, { tokens: allowed ? tokens - 1 : tokens, at: now });
    if (!allowed) throw throttling();
  }

  /** Buckets held (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  /** Drops buckets idle long enough to be full again, oldest first: the map is in order of last use. */
  private evictIdle(now: number): void {
    for (const [accountId, bucket] of this.buckets) {
      if (now - bucket.at < this.refillMs) return;
      this.buckets.delete(accountId);
    }
  }
}

function setting(env: NodeJS.ProcessEnv, name: string, fallback: number, whole = false): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (whole && !Number.isInteger(value))) {
    throw new Error(
      `${name} must be a ${whole ? 'whole number' : 'number'}, 0 or more (0 disables the limit), not '${raw}'`,
    );
  }
  return value;
}
