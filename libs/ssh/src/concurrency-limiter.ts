/** A counting semaphore with a FIFO queue of waiters. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error('a semaphore needs a capacity of at least 1');
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async acquire(): Promise<void> {
    if (this.active < this.capacity) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/**
 * Bounds work globally and per key (per stack): a big stack cannot take every slot from the others. A task first
 * waits for its key's slot, then for a global one, so a stack waiting on itself holds no global slot.
 */
export class ConcurrencyLimiter {
  private readonly global: Semaphore;
  private readonly perKey = new Map<string, Semaphore>();

  constructor(private readonly limits: { global: number; perKey: number }) {
    this.global = new Semaphore(limits.global);
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    let keyed = this.perKey.get(key);
    if (!keyed) {
      keyed = new Semaphore(this.limits.perKey);
      this.perKey.set(key, keyed);
    }
    await keyed.acquire();
    try {
      await this.global.acquire();
      try {
        return await work();
      } finally {
        this.global.release();
      }
    } finally {
      keyed.release();
      if (keyed.inUse === 0 && keyed.queued === 0) this.perKey.delete(key);
    }
  }
}
