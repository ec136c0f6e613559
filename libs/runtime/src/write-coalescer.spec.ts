import { WriteCoalescer } from './write-coalescer';

function deferred(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe('WriteCoalescer', () => {
  it('writes the items submitted in one turn with one flush and answers each in order', async () => {
    const flushes: number[][] = [];
    const coalescer = new WriteCoalescer<number, string>(
      async (items) => {
        flushes.push(items);
        return items.map((item) => `row ${item}`);
      },
      { maxBatch: 100, maxConcurrentFlushes: 1 },
    );
    const results = await Promise.all([1, 2, 3].map((item) => coalescer.submit(item)));
    expect(results).toEqual(['row 1', 'row 2', 'row 3']);
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('splits a large turn into batches of at most maxBatch', async () => {
    const flushes: number[][] = [];
    const coalescer = new WriteCoalescer<number, number>(
      async (items) => {
        flushes.push(items);
        return items;
      },
      { maxBatch: 2, maxConcurrentFlushes: 10 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((item) => coalescer.submit(item)));
    expect(flushes).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('gathers what arrives while the flushes in flight run into the next one', async () => {
    const flushes: number[][] = [];
    const gate = deferred();
    const coalescer = new WriteCoalescer<number, number>(
      async (items) => {
        flushes.push(items);
        if (flushes.length === 1) await gate.promise;
        return items;
      },
      { maxBatch: 100, maxConcurrentFlushes: 1 },
    );
    const first = coalescer.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((item) => coalescer.submit(item));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushes).toEqual([[1]]);
    expect(coalescer.waiting).toBe(3);
    gate.release();
    await Promise.all([first, ...later]);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every item of a failed flush and goes on with the next batch', async () => {
    let calls = 0;
    const coalescer = new WriteCoalescer<number, number>(
      async (items) => {
        calls++;
        if (calls === 1) throw new Error('connection lost');
        return items;
      },
      { maxBatch: 100, maxConcurrentFlushes: 1 },
    );
    const failed = [1, 2].map((item) => coalescer.submit(item));
    await expect(Promise.all(failed)).rejects.toThrow('connection lost');
    await expect(Promise.allSettled(failed)).resolves.toEqual([
      expect.objectContaining({ status: 'rejected' }),
      expect.objectContaining({ status: 'rejected' }),
    ]);
    await expect(coalescer.submit(3)).resolves.toBe(3);
  });

  it('writes the items of a failed batch one by one when it can write one alone, so one bad item fails alone', async () => {
    const singles: number[] = [];
    const coalescer = new WriteCoalescer<number, number>(
      async () => {
        throw new Error('deadlock');
      },
      {
        maxBatch: 100,
        maxConcurrentFlushes: 1,
        flushOne: async (item) => {
          singles.push(item);
          if (item === 2) throw new Error(`item ${item} is bad`);
          return item * 10;
        },
      },
    );
    const results = await Promise.allSettled([1, 2, 3].map((item) => coalescer.submit(item)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: new Error('item 2 is bad') },
      { status: 'fulfilled', value: 30 },
    ]);
    expect(singles).toEqual([1, 2, 3]);
  });

  it('refuses a flush that answers for fewer items than it was given', async () => {
    const coalescer = new WriteCoalescer<number, number>(async () => [], { maxBatch: 100, maxConcurrentFlushes: 1 });
    await expect(coalescer.submit(1)).rejects.toThrow('a flush of 1 items returned 0 results');
  });
});
