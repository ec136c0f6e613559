import { BackgroundCalls } from './background-calls';

/** A call that ends when the test says so, noting when it started. */
function deferred(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    call: async () => {
      started.push(name);
      await done;
      return name;
    },
    finish,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BackgroundCalls', () => {
  it('sends background calls only on room foreground calls leave, in the order they came', async () => {
    const calls = new BackgroundCalls(2, { quietMs: 0 });
    const started: string[] = [];
    const [f1, f2, f3, b1, b2] = ['f1', 'f2', 'f3', 'b1', 'b2'].map((name) => deferred(started, name));
    const results = [
      calls.run(f1.call, false),
      calls.run(f2.call, false),
      calls.run(b1.call, true),
      calls.run(b2.call, true),
      calls.run(f3.call, false),
    ];
    await tick();
    // Foreground calls go at once, even beyond the room; the background ones wait.
    expect(started).toEqual(['f1', 'f2', 'f3']);
    expect(calls.counts).toEqual({ active: 3, waiting: 2 });
    f1.finish();
    await tick();
    expect(started).toEqual(['f1', 'f2', 'f3']);
    f2.finish();
    await tick();
    expect(started).toEqual(['f1', 'f2', 'f3', 'b1']);
    f3.finish();
    await tick();
    expect(started).toEqual(['f1', 'f2', 'f3', 'b1', 'b2']);
    b1.finish();
    b2.finish();
    await expect(Promise.all(results)).resolves.toEqual(['f1', 'f2', 'b1', 'b2', 'f3']);
    expect(calls.counts).toEqual({ active: 0, waiting: 0 });
  });

  it('sends a background call at once when there is room, and frees its room when it fails', async () => {
    const calls = new BackgroundCalls(1);
    await expect(
      calls.run(async () => {
        throw new Error('refused');
      }, true),
    ).rejects.toThrow('refused');
    expect(calls.counts).toEqual({ active: 0, waiting: 0 });
    await expect(calls.run(async () => 'tagged', true)).resolves.toBe('tagged');
  });

  describe('with a clock the test moves', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    /** Starts a call that ends at once, noting its start. */
    const instant = (calls: BackgroundCalls, started: string[], name: string, background: boolean) =>
      calls.run(async () => {
        started.push(name);
        return name;
      }, background);

    it('holds background calls while foreground calls keep starting, then sends them once it is quiet', async () => {
      const calls = new BackgroundCalls(8, { quietMs: 60, maxWaitMs: 10_000 });
      const started: string[] = [];
      // Before any foreground call there is room and quiet: a background call goes at once.
      await expect(instant(calls, started, 'tag-0', true)).resolves.toBe('tag-0');

      const results = [instant(calls, started, 'deploy-1', false), instant(calls, started, 'tag-1', true)];
      for (let i = 2; i <= 4; i++) {
        await jest.advanceTimersByTimeAsync(30);
        results.push(instant(calls, started, `deploy-${i}`, false));
      }
      await jest.advanceTimersByTimeAsync(59);
      // A deploy every 30 ms, less than the 60 ms of quiet asked for: the tag is still waiting.
      expect(started).toEqual(['tag-0', 'deploy-1', 'deploy-2', 'deploy-3', 'deploy-4']);
      await jest.advanceTimersByTimeAsync(1);
      expect(started).toEqual(['tag-0', 'deploy-1', 'deploy-2', 'deploy-3', 'deploy-4', 'tag-1']);
      await expect(Promise.all(results)).resolves.toEqual(['deploy-1', 'tag-1', 'deploy-2', 'deploy-3', 'deploy-4']);
    });

    it('sends a background call that waited maxWaitMs even while foreground calls keep starting', async () => {
      const calls = new BackgroundCalls(8, { quietMs: 1_000, maxWaitMs: 80 });
      const started: string[] = [];
      await instant(calls, started, 'deploy-0', false);
      const tag = instant(calls, started, 'tag', true);
      for (let i = 1; i <= 6; i++) {
        await jest.advanceTimersByTimeAsync(25);
        await instant(calls, started, `deploy-${i}`, false);
      }
      await tag;
      // Not starved: it went at 80 ms, between the deploys at 75 and 100 ms.
      expect(started).toEqual([
        'deploy-0',
        'deploy-1',
        'deploy-2',
        'deploy-3',
        'tag',
        'deploy-4',
        'deploy-5',
        'deploy-6',
      ]);
    });
  });
});
