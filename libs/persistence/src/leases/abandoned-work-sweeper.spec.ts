import { AbandonedWorkSweeper } from './abandoned-work-sweeper';
import { LeaseLostError, unlessAborted } from './work-leases';

const quiet = { warn: () => undefined, log: () => undefined };

describe('AbandonedWorkSweeper', () => {
  it('takes each abandoned piece over once, within its concurrency, and keeps going after failures', async () => {
    const started: string[] = [];
    const finish: Array<() => void> = [];
    const sweeper = new AbandonedWorkSweeper({
      intervalMs: 60_000,
      concurrency: 2,
      find: async (limit) => ['a', 'b', 'c'].slice(0, limit),
      takeOver: (key) => {
        started.push(key);
        return key === 'b' ? Promise.reject(new Error('boom')) : new Promise<void>((resolve) => finish.push(resolve));
      },
      logger: quiet,
    });
    await sweeper.kick();
    expect(started).toEqual(['a', 'b']);
    await new Promise((resolve) => setImmediate(resolve));
    // 'b' failed and left; 'a' still runs, so the next pass (room for one) does not start 'a' a second time.
    await sweeper.kick();
    expect(started).toEqual(['a', 'b']);
    finish.forEach((resolve) => resolve());
    await sweeper.stop();
  });

  it('survives a failing search', async () => {
    const sweeper = new AbandonedWorkSweeper({
      intervalMs: 60_000,
      concurrency: 1,
      find: () => Promise.reject(new Error('database away')),
      takeOver: async () => undefined,
      logger: quiet,
    });
    await expect(sweeper.kick()).resolves.toBeUndefined();
    await sweeper.stop();
  });
});

describe('unlessAborted', () => {
  it("passes the work's result through while the lease holds", async () => {
    await expect(unlessAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
  });

  it('stops waiting as soon as the lease is lost', async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => undefined);
    const waiting = unlessAborted(never, controller.signal);
    controller.abort(new LeaseLostError('op-1'));
    await expect(waiting).rejects.toBeInstanceOf(LeaseLostError);
  });
});
