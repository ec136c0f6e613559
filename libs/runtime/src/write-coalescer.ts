/** How a coalescer groups its items. */
export interface WriteCoalescerOptions<T, R> {
  /** Items written by one flush at most (bounds a statement's size and the time its locks are held). */
  maxBatch: number;
  /**
   * Flushes in flight at once at most. Items submitted while that many are running wait for the next one, so a
   * busy database receives fewer, larger batches instead of a queue of small ones (group commit).
   */
  maxConcurrentFlushes: number;
  /**
   * Writes one item alone. When given, the items of a failed flush of several are written again one by one with
   * it, so one bad item fails alone; without it, a failed flush fails every item of its batch.
   */
  flushOne?: (item: T) => Promise<R>;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the writes submitted during one event-loop turn (and while the flushes in flight run) and hands them to
 * one flush, which returns one result per item in order. Hundreds of concurrent handlers each writing a row then
 * cost a few multi-row statements and commits instead of one round trip and one commit each. A flush that throws
 * rejects every item of its batch, unless `flushOne` is given (see there).
 */
export class WriteCoalescer<T, R> {
  private queue: Array<Pending<T, R>> = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly options: WriteCoalescerOptions<T, R>,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Items waiting for a flush (not counting those being written). */
  get waiting(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= this.options.maxConcurrentFlushes) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.inFlight >= this.options.maxConcurrentFlushes) return;
      const batch = this.queue.splice(0, this.options.maxBatch);
      if (batch.length === 0) return;
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
      this.schedule();
    });
  }

  private async run(batch: Array<Pending<T, R>>): Promise<void> {
    try {
      const results = await this.flush(batch.map((pending) => pending.item));
      if (results.length !== batch.length) {
        throw new Error(`a flush of ${batch.length} items returned ${results.length} results`);
      }
      batch.forEach((pending, index) => pending.resolve(results[index]));
    } catch (error) {
      const { flushOne } = this.options;
      if (!flushOne || batch.length === 1) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      for (const pending of batch) await flushOne(pending.item).then(pending.resolve, pending.reject);
    }
  }
}
