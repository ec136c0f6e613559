import { BackgroundCalls } from './background-calls';

/** A call that ends when the test says so, noting when it started. */
function deferred(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { call: async () => { started.push(name); await done; return name; }, finish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BackgroundCalls', () => {
  it('sends background calls only on room foreground calls leave, in the order they came', async () => {
    const calls = new BackgroundCalls(2);
    const started: string[] = [];
    const [f1, f2, f3, b1, b2] = ['f1', 'f2', 'f3', 'b1', 'b2'].map((name) => deferred(started, name));
    const results = [
      calls.run(f1.call, false), calls.run(f2.call, false), calls.run(b1.call, true), calls.run(b2.call, true), calls.run(f3.call, false),
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
    await expect(calls.run(async () => { throw new Error('refused'); }, true)).rejects.toThrow('refused');
    expect(calls.counts).toEqual({ active: 0, waiting: 0 });
    await expect(calls.run(async () => 'tagged', true)).resolves.toBe('tagged');
  });
});
