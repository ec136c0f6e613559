import { backoffDelay, retryUntil } from './retry';

describe('backoffDelay', () => {
  it('grows with the attempt and stays under the cap', () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const delay = backoffDelay(attempt, 100, 1_000);
      expect(delay).toBeGreaterThanOrEqual(Math.min(1_000, 100 * 2 ** attempt) / 2);
      expect(delay).toBeLessThanOrEqual(1_000);
    }
  });
});

describe('retryUntil', () => {
  it('returns once the operation succeeds', async () => {
    let calls = 0;
    const result = await retryUntil('flaky', async () => {
      calls++;
      if (calls < 3) throw new Error('not yet');
      return 'up';
    });
    expect(result).toBe('up');
    expect(calls).toBe(3);
  });

  it('gives up after the deadline with the last error', async () => {
    await expect(
      retryUntil(
        'down',
        async () => {
          throw new Error('refused');
        },
        { deadlineMs: 50 },
      ),
    ).rejects.toThrow(/down: gave up .* refused/);
  });
});
