import { Logger } from '@nestjs/common';

/**
 * Runs `sweep` every `intervalMs` (and once at start when `sweepAtStart`), never two at once. A failed sweep is
 * logged and the next one retries; `stop` waits for the running sweep so shutdown does not cut a transaction short.
 */
export class PeriodicSweep {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly options: {
      /** Names the sweep in its failure warning, e.g. "create timeout". */
      name: string;
      intervalMs: number;
      sweepAtStart?: boolean;
      sweep: () => Promise<void>;
      logger: Pick<Logger, 'warn'>;
    },
  ) {}

  start(): void {
    if (this.options.sweepAtStart) this.kick();
    this.timer = setInterval(() => this.kick(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  private kick(): void {
    if (!this.sweeping) this.sweeping = this.sweepOnce().finally(() => (this.sweeping = null));
  }

  private async sweepOnce(): Promise<void> {
    try {
      await this.options.sweep();
    } catch (error) {
      this.options.logger.warn(`${this.options.name} sweep failed, will retry: ${(error as Error).message}`);
    }
  }
}
