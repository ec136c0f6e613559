import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork } from '@cfn/messaging';
import { StackEngine } from '../stack-engine/stack-engine';
import { StackStatus } from '../stack-engine/statuses';
import { actOnLockedStack, PeriodicSweep } from '../sweeps/periodic-sweep';

const SWEEP_INTERVAL_MS = 2_000;

/**
 * Fails creates that outlived CreateStack's TimeoutInMinutes. Every planner replica sweeps; the stack row's lock
 * and a second look inside the transaction make one of them act, once. A restarted planner catches up on overdue
 * stacks at its first sweep.
 */
@Injectable()
export class CreateTimeouts implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CreateTimeouts.name);
  private readonly sweep = new PeriodicSweep({
    name: 'create timeout',
    intervalMs: SWEEP_INTERVAL_MS,
    sweep: () => this.failOverdueCreates(),
    logger: this.logger,
  });

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweep.stop();
  }

  private async failOverdueCreates(): Promise<void> {
    const due: Array<{ id: string }> = await this.unitOfWork.dataSource.query(
      'SELECT id FROM stacks WHERE status = ? AND create_deadline <= UTC_TIMESTAMP(3) LIMIT 100',
      [StackStatus.CreateInProgress],
    );
    for (const { id } of due) {
      await actOnLockedStack(this.unitOfWork, this.engine, id, async (tx, stack) => {
        if (!stack.createDeadline || stack.createDeadline.getTime() > Date.now()) return;
        this.logger.log(`stack ${stack.name} (${stack.id}) did not finish creating in time`);
        await this.engine.timeOutCreate(tx, stack);
      });
    }
  }
}
