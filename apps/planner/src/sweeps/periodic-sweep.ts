import { Logger } from '@nestjs/common';
import { Transaction, UnitOfWork } from '@cfn/messaging';
import { Stack } from '@cfn/persistence';
import { StackEngine } from '../stack-engine/stack-engine';

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

/**
 * Runs `act` in its own transaction with the stack row locked, unless the stack is gone. Every planner replica
 * sweeps, so `act` must take a second look at what the sweep found before acting: the lock makes one replica act, once.
 */
export async function actOnLockedStack(
  unitOfWork: UnitOfWork,
  engine: StackEngine,
  stackId: string,
  act: (tx: Transaction, stack: Stack) => Promise<void>,
): Promise<void> {
  await unitOfWork.run(null, async (tx) => {
    const stack = await engine.lockStack(tx, stackId);
    if (stack) await act(tx, stack);
  });
}
