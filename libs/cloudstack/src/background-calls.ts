export interface BackgroundCallsOptions {
  /** A background call waits until no foreground call has started for this long (default 100 ms). */
  quietMs?: number;
  /** ... but never longer than this, so a steady stream of foreground calls cannot starve it (default 2 s). */
  maxWaitMs?: number;
}

/**
 * Keeps background calls out of the way of foreground ones. A foreground call always goes at once. A background
 * call goes, in the order they came, when fewer than `room` calls of either kind are under way and either no
 * foreground call has started for `quietMs` or it has waited `maxWaitMs`.
 *
 * The provisioner tags each VM in the background. During a burst of deploys, the tags then wait until the burst is
 * over instead of taking turns with the deploys, on the connections and on the CPU of both ends, and are set while
 * the VMs boot, which takes far longer.
 */
export class BackgroundCalls {
  private active = 0;
  private readonly waiting: Array<{ since: number; go: () => void }> = [];
  private lastForegroundStart = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;

  constructor(
    private readonly room: number,
    options: BackgroundCallsOptions = {},
  ) {
    this.quietMs = options.quietMs ?? 100;
    this.maxWaitMs = options.maxWaitMs ?? 2_000;
  }

  async run<T>(call: () => Promise<T>, background: boolean): Promise<T> {
    if (!background) {
      this.lastForegroundStart = Date.now();
      this.active++;
    } else if (this.waiting.length === 0 && this.active < this.room && this.isQuiet(Date.now())) {
      this.active++;
    } else {
      await new Promise<void>((resolve) => {
        this.waiting.push({ since: Date.now(), go: resolve });
        this.schedule();
      });
    }
    try {
      return await call();
    } finally {
      this.active--;
      this.admit();
    }
  }

  /** Calls under way and background calls waiting (for tests and diagnostics). */
  get counts(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  private isQuiet(now: number): boolean {
    return now - this.lastForegroundStart >= this.quietMs;
  }

  private admit(): void {
    const now = Date.now();
    while (
      this.active < this.room &&
      this.waiting.length > 0 &&
      (this.isQuiet(now) || now - this.waiting[0].since >= this.maxWaitMs)
    ) {
      this.active++;
      this.waiting.shift()!.go();
    }
    this.schedule();
  }

  /** Wakes up when the first waiting call may go on time alone (quiet reached or waited long enough). */
  private schedule(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.waiting.length === 0 || this.active >= this.room) return;
    const now = Date.now();
    const at = Math.min(this.lastForegroundStart + this.quietMs, this.waiting[0].since + this.maxWaitMs);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.admit();
      },
      Math.max(1, at - now),
    );
  }
}
