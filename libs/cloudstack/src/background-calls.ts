/**
 * Lets background calls use only the room foreground calls leave: a foreground call always goes at once, a
 * background call only while fewer than `room` calls of either kind are under way, in the order they came.
 * With `room` the client's number of connections, a burst of VM deploys is not held up behind the tagging of the
 * VMs already deployed: the tags are set while the VMs boot, which takes far longer.
 */
export class BackgroundCalls {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly room: number) {}

  async run<T>(call: () => Promise<T>, background: boolean): Promise<T> {
    if (background && (this.active >= this.room || this.waiting.length > 0)) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
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

  private admit(): void {
    while (this.active < this.room && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}
