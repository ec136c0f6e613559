import { Test } from '@nestjs/testing';
// What the AWS SDK for JavaScript v3 (a dependency of @aws-sdk/client-cloudformation) retries as throttling.
import { isThrottlingError } from '@smithy/core/retry';

import { AwsError, throttling } from '../protocol/aws-error';
import { AccountRateLimiter } from './account-rate-limiter';

describe('AccountRateLimiter', () => {
  let clock = 0;
  const now = () => clock;
  const limiter = (ratePerSecond: number, burst: number, maxAccounts?: number) =>
    new AccountRateLimiter({ ratePerSecond, burst, now, ...(maxAccounts ? { maxAccounts } : {}) });
  const takes = (rateLimiter: AccountRateLimiter, accountId: string, count: number) => {
    let allowed = 0;
    for (let i = 0; i < count; i += 1) {
      try {
        rateLimiter.take(accountId);
        allowed += 1;
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
      }
    }
    return allowed;
  };

  beforeEach(() => {
    clock = 1_000_000;
  });

  it("refuses with AWS's throttling error, which the SDKs retry with backoff", () => {
    const rateLimiter = limiter(1, 1);
    rateLimiter.take('111111111111');
    let error: unknown;
    try {
      rateLimiter.take('111111111111');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ code: 'Throttling', message: 'Rate exceeded', httpStatus: 400, type: 'Sender' });
    expect(throttling()).toMatchObject({
      code: 'Throttling',
      message: 'Rate exceeded',
      httpStatus: 400,
      type: 'Sender',
    });
    // The SDK names a service error by its code; a 400 is throttling to it only by this code.
    expect(isThrottlingError({ name: throttling().code, $metadata: { httpStatusCode: 400 } } as never)).toBe(true);
    expect(isThrottlingError({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } } as never)).toBe(false);
  });

  it('allows a burst at once, then the rate', () => {
    const rateLimiter = limiter(10, 20);
    expect(takes(rateLimiter, 'a', 25)).toBe(20);
    clock += 100; // one token
    expect(takes(rateLimiter, 'a', 5)).toBe(1);
    clock += 1_000; // ten tokens
    expect(takes(rateLimiter, 'a', 15)).toBe(10);
    clock += 60_000; // refilled, never above the burst
    expect(takes(rateLimiter, 'a', 30)).toBe(20);
  });

  it('keeps accounts apart', () => {
    const rateLimiter = limiter(1, 3);
    expect(takes(rateLimiter, 'a', 5)).toBe(3);
    expect(takes(rateLimiter, 'b', 5)).toBe(3);
    expect(() => rateLimiter.take('a')).toThrow('Rate exceeded');
  });

  it('refills fractional rates, and refused requests do not cost tokens', () => {
    const rateLimiter = limiter(0.5, 1);
    rateLimiter.take('a');
    clock += 1_000;
    expect(() => rateLimiter.take('a')).toThrow('Rate exceeded');
    clock += 1_000;
    expect(() => rateLimiter.take('a')).not.toThrow();
  });

  it('does nothing when disabled by a 0', () => {
    for (const rateLimiter of [limiter(0, 100), limiter(50, 0)]) {
      expect(rateLimiter.enabled).toBe(false);
      expect(takes(rateLimiter, 'a', 1_000)).toBe(1_000);
      expect(rateLimiter.size).toBe(0);
    }
  });

  it('evicts buckets idle long enough to have refilled, losing nothing', () => {
    const rateLimiter = limiter(10, 20); // full again after 2 s
    takes(rateLimiter, 'a', 20);
    clock += 1_000;
    takes(rateLimiter, 'b', 1);
    clock += 1_000; // a has refilled; b has not
    takes(rateLimiter, 'c', 1);
    expect(rateLimiter.size).toBe(2);
    expect(takes(rateLimiter, 'a', 25)).toBe(20);
    clock += 10_000;
    rateLimiter.take('d');
    expect(rateLimiter.size).toBe(1);
  });

  it('holds at most maxAccounts buckets, dropping the least recently used', () => {
    const rateLimiter = limiter(1, 2, 3);
    for (const account of ['a', 'b', 'c']) takes(rateLimiter, account, 2);
    expect(() => rateLimiter.take('a')).toThrow('Rate exceeded'); // a is now the most recently used
    rateLimiter.take('d'); // b goes
    expect(rateLimiter.size).toBe(3);
    expect(() => rateLimiter.take('c')).toThrow('Rate exceeded');
    expect(() => rateLimiter.take('a')).toThrow('Rate exceeded');
    expect(takes(rateLimiter, 'b', 3)).toBe(2); // a new, full bucket
    for (let i = 0; i < 1_000; i += 1) takes(rateLimiter, `account-${i}`, 1);
    expect(rateLimiter.size).toBe(3);
  });

  it('reads CFN_API_RATE_PER_SECOND and CFN_API_BURST, with defaults of 50 and 100', () => {
    expect(takes(AccountRateLimiter.fromEnv({}, now), 'a', 150)).toBe(100);
    const fromEnv = AccountRateLimiter.fromEnv({ CFN_API_RATE_PER_SECOND: '2', CFN_API_BURST: '5' }, now);
    expect(takes(fromEnv, 'a', 10)).toBe(5);
    clock += 1_000;
    expect(takes(fromEnv, 'a', 10)).toBe(2);
    expect(AccountRateLimiter.fromEnv({ CFN_API_RATE_PER_SECOND: '0' }).enabled).toBe(false);
    expect(AccountRateLimiter.fromEnv({ CFN_API_BURST: '0' }).enabled).toBe(false);
    expect(() => AccountRateLimiter.fromEnv({ CFN_API_RATE_PER_SECOND: 'fast' })).toThrow(
      "CFN_API_RATE_PER_SECOND must be a number, 0 or more (0 disables the limit), not 'fast'",
    );
    expect(() => AccountRateLimiter.fromEnv({ CFN_API_BURST: '2.5' })).toThrow(/CFN_API_BURST must be a whole number/);
    expect(() => AccountRateLimiter.fromEnv({ CFN_API_BURST: '-1' })).toThrow(/CFN_API_BURST must be/);
  });

  it('is a Nest provider made from the environment', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: AccountRateLimiter, useFactory: () => AccountRateLimiter.fromEnv({ CFN_API_BURST: '1' }) },
      ],
    }).compile();
    const rateLimiter = moduleRef.get(AccountRateLimiter);
    rateLimiter.take('a');
    expect(() => rateLimiter.take('a')).toThrow('Rate exceeded');
  });
});
