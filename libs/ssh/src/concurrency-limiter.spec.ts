import { ConcurrencyLimiter, Semaphore } from './concurrency-limiter';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimiter', () => {
  it('never runs more than the per-key and the global limits at once', async () => {
    const limiter = new ConcurrencyLimiter({ global: 3, perKey: 2 });
    const running = new Map<string, number>();
    let total = 0;
    let maxTotal = 0;
    const maxPerKey = new Map<string, number>();
    const releases: Array<() => void> = [];
    const jobs = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c'].map((key) =>
      limiter.run(key, async () => {
        running.set(key, (running.get(key) ?? 0) + 1);
        total++;
        maxTotal = Math.max(maxTotal, total);
        maxPerKey.set(key, Math.max(maxPerKey.get(key) ?? 0, running.get(key)!));
        await new Promise<void>((resolve) => releases.push(resolve));
        running.set(key, running.get(key)! - 1);
        total--;
        return key;
      }),
    );
    for (let round = 0; round < 20; round++) {
      await tick();
      releases.splice(0).forEach((release) => release());
    }
    expect(await Promise.all(jobs)).toEqual(['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c']);
    expect(maxTotal).toBe(3);
    expect(Math.max(...maxPerKey.values())).toBe(2);
  });

  it('releases its slots when the work fails', async () => {
    const limiter = new ConcurrencyLimiter({ global: 1, perKey: 1 });
    await expect(
      limiter.run('a', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(limiter.run('a', async () => 'next')).resolves.toBe('next');
  });
});

describe('Semaphore', () => {
  it('hands slots to waiters in arrival order', async () => {
    const semaphore = new Semaphore(1);
    const order: number[] = [];
    await semaphore.acquire();
    const waiters = [1, 2, 3].map((n) => semaphore.acquire().then(() => order.push(n)));
    semaphore.release();
    await tick();
    semaphore.release();
    await tick();
    semaphore.release();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
  });
});
