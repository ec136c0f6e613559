import { sharedTokenBucket, TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through, then spaces calls at the rate, in arrival order', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 2, () => now);
    expect([bucket.reserve(), bucket.reserve()]).toEqual([0, 0]);
    expect(bucket.reserve()).toBe(100);
    expect(bucket.reserve()).toBe(200);
    now = 1000;
    // Refilled to the burst, minus the two reservations still owed.
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(100);
  });

  it('waits for real', async () => {
    const bucket = new TokenBucket(20, 1);
    const started = Date.now();
    await Promise.all([bucket.take(), bucket.take(), bucket.take()]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('is shared per key and rate', () => {
    expect(sharedTokenBucket('http://a k', 5, 1)).toBe(sharedTokenBucket('http://a k', 5, 1));
    expect(sharedTokenBucket('http://a k', 5, 1)).not.toBe(sharedTokenBucket('http://b k', 5, 1));
    expect(() => new TokenBucket(0, 1)).toThrow();
  });
});
