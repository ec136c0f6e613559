import { Transaction, UnitOfWork } from '@cfn/messaging';
import { Stack } from '@cfn/persistence';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { StackRepository } from '../stack-engine/stack-repository';
import { PeriodicSweep } from './periodic-sweep';

export interface StackSweepOptions {
  /** Names the sweep in its failure warning, e.g. "create timeout". */
  name: string;
  intervalMs: number;
  sweepAtStart?: boolean;
}

/**
 * A periodic sweep over stacks, run from the application's start to its shutdown: subclasses say what they look
 * for (`sweep`) and act on each find under the stack row's lock (`onLockedStack`). Every planner replica sweeps, so
 * an action must take a second look at what the sweep found: the lock makes one replica act, once.
 */
export abstract class StackSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger: Logger;
  private readonly periodic: PeriodicSweep;

  protected constructor(
    protected readonly unitOfWork: UnitOfWork,
    protected readonly repository: StackRepository,
    options: StackSweepOptions,
  ) {
    this.logger = new Logger(this.constructor.name);
    this.periodic = new PeriodicSweep({ ...options, sweep: () => this.sweep(), logger: this.logger });
  }

  protected abstract sweep(): Promise<void>;

  onApplicationBootstrap(): void {
    this.periodic.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic.stop();
  }

  /** Runs `act` in its own transaction with the stack row locked, unless the stack is gone. */
  protected async onLockedStack(stackId: string, act: (tx: Transaction, stack: Stack) => Promise<void>): Promise<void> {
    await this.unitOfWork.run(null, async (tx) => {
      const stack = await this.repository.lockStack(tx, stackId);
      if (stack) await act(tx, stack);
    });
  }
}
