/**
 * Runs a recovery pass at start-up and then every `intervalMs`: finds work whose lease ran out (`find`) and
 * takes each piece over (`takeOver`) in the background, at most `concurrency` at once. Shared by the services
 * that hold leases (provisioner, configurator).
 */
export class AbandonedWorkSweeper {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly options: {
      intervalMs: number;
      concurrency: number;
      find: (limit: number) => Promise<string[]>;
      takeOver: (key: string) => Promise<void>;
      logger: { warn(message: string): void; log(message: string): void };
    },
  ) {}

  start(): void {
    this.stopped = false;
    this.kick();
    this.timer = setInterval(() => this.kick(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
    await Promise.allSettled([...this.running.values()]);
  }

  /** One pass now (unless one is running). */
  kick(): Promise<void> {
    if (!this.sweeping && !this.stopped) this.sweeping = this.sweep().finally(() => (this.sweeping = null));
    return this.sweeping ?? Promise.resolve();
  }

  private async sweep(): Promise<void> {
    const room = this.options.concurrency - this.running.size;
    if (room <= 0) return;
    let keys: string[];
    try {
      keys = (await this.options.find(room)).filter((key) => !this.running.has(key));
    } catch (error) {
      this.options.logger.warn(`recovery sweep failed, will retry: ${(error as Error).message}`);
      return;
    }
    if (keys.length > 0) this.options.logger.log(`recovering ${keys.length} piece(s) of work left unfinished`);
    for (const key of keys) {
      const work = this.options
        .takeOver(key)
        .catch((error) =>
          this.options.logger.warn(`recovery of ${key} failed, will retry: ${(error as Error).message}`),
        )
        .finally(() => this.running.delete(key));
      this.running.set(key, work);
    }
  }
}
