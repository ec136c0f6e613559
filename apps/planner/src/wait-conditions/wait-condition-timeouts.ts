import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork } from '@cfn/messaging';
import { StackResource } from '@cfn/persistence';
import { StackEngine } from '../stack-engine/stack-engine';
import { CreationCompletion } from '../creation-policy/creation-completion';
import { SIGNALLED_TYPES } from '@cfn/resources';
import { actOnLockedStack, PeriodicSweep } from '../sweeps/periodic-sweep';

const SWEEP_INTERVAL_MS = 2_000;

/**
 * Fails wait conditions whose Timeout passed. Every planner replica sweeps; the stack row's lock and a second look
 * at the resource inside the transaction make sure one of them acts, once. A restarted planner picks up overdue
 * ones at its first sweep, so no stack waits forever.
 */
@Injectable()
export class WaitConditionTimeouts implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WaitConditionTimeouts.name);
  private readonly sweep = new PeriodicSweep({
    name: 'wait condition',
    intervalMs: SWEEP_INTERVAL_MS,
    sweep: () => this.failOverdueWaits(),
    logger: this.logger,
  });

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(CreationCompletion) private readonly creation: CreationCompletion,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweep.stop();
  }

  private async failOverdueWaits(): Promise<void> {
    const due: Array<{ stack_id: string; logical_id: string }> = await this.unitOfWork.dataSource.query(
      `SELECT stack_id, logical_id FROM stack_resources
       WHERE phase = 'AWAITING_SIGNALS' AND deadline <= UTC_TIMESTAMP(3) LIMIT 100`,
    );
    for (const { stack_id: stackId, logical_id: logicalId } of due) {
      await actOnLockedStack(this.unitOfWork, this.engine, stackId, async (tx, stack) => {
        const resource = await tx.manager.findOneBy(StackResource, { stackId, logicalId });
        if (!resource || !resource.deadline || resource.deadline.getTime() > Date.now()) return;
        // Instances and groups with a CreationPolicy wait for signals too; a wait condition has its own wording.
        if (SIGNALLED_TYPES.has(resource.resourceType)) await this.creation.timeOut(tx, stack, resource);
        else await this.engine.timeOutWaitCondition(tx, stack, resource);
      });
    }
  }
}
