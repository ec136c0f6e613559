const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A token bucket: up to `burst` calls at once, then `ratePerSecond` on average. Callers that find it empty reserve
 * a future token and wait for it, so they go out in arrival order.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1))
      throw new Error('a token bucket needs a positive rate and a burst of at least 1');
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Resolves when the caller may send; returns how long it waited (ms). */
  async take(): Promise<number> {
    const wait = this.reserve();
    if (wait > 0) await sleep(wait);
    return wait;
  }

  /** Takes a token now or reserves the next one; returns the wait in ms. */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.ratePerSecond) * 1000);
  }
}

const shared = new Map<string, TokenBucket>();

/** One bucket per key (the client uses endpoint + api key + rate), shared by every client in the process. */
export function sharedTokenBucket(key: string, ratePerSecond: number, burst: number): TokenBucket {
  const id = `${key}\n${ratePerSecond}\n${burst}`;
  let bucket = shared.get(id);
  if (!bucket) shared.set(id, (bucket = new TokenBucket(ratePerSecond, burst)));
  return bucket;
}
