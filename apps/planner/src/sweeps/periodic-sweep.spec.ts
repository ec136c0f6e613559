import { PeriodicSweep } from './periodic-sweep';

describe('PeriodicSweep', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sweeps every interval, one sweep at a time, and stop waits for the running one', async () => {
    let runs = 0;
    let finish: () => void = () => undefined;
    let finished = false;
    const sweep = new PeriodicSweep({
      name: 'test',
      intervalMs: 1_000,
      sweep: () => {
        runs += 1;
        return new Promise<void>(
          (resolve) =>
            (finish = () => {
              finished = true;
              resolve();
            }),
        );
      },
      logger: { warn: () => undefined },
    });
    sweep.start();
    expect(runs).toBe(0);
    await jest.advanceTimersByTimeAsync(3_500);
    expect(runs).toBe(1);
    const stopped = sweep.stop();
    finish();
    await stopped;
    expect(finished).toBe(true);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(runs).toBe(1);
  });

  it('sweeps at start when asked, and warns and retries after a failed sweep', async () => {
    const warn = jest.fn();
    let runs = 0;
    const sweep = new PeriodicSweep({
      name: 'test',
      intervalMs: 1_000,
      sweepAtStart: true,
      sweep: async () => {
        runs += 1;
        if (runs === 1) throw new Error('database away');
      },
      logger: { warn },
    });
    sweep.start();
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(warn).toHaveBeenCalledWith('test sweep failed, will retry: database away');
    expect(runs).toBe(2);
    await sweep.stop();
  });
});
