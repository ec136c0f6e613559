import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork } from '@cfn/messaging';
import { StackResource } from '@cfn/persistence';
import { StackEngine } from '../stack-engine/stack-engine';
import { CreationCompletion } from '../creation-policy/creation-completion';
import { SIGNALLED_TYPES } from '@cfn/resources';

const SWEEP_INTERVAL_MS = 2_000;

/**
 * Fails wait conditions whose Timeout passed. Every planner replica sweeps; the stack row's lock and a second look
 * at the resource inside the transaction make sure one of them acts, once. A restarted planner picks up overdue
 * ones at its first sweep, so no stack waits forever.
 */
@Injectable()
export class WaitConditionTimeouts implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WaitConditionTimeouts.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(CreationCompletion) private readonly creation: CreationCompletion,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.sweeping) this.sweeping = this.sweep().finally(() => (this.sweeping = null));
    }, SWEEP_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<void> {
    try {
      const due: Array<{ stack_id: string; logical_id: string }> = await this.unitOfWork.dataSource.query(
        `SELECT stack_id, logical_id FROM stack_resources
         WHERE phase = 'AWAITING_SIGNALS' AND deadline <= UTC_TIMESTAMP(3) LIMIT 100`,
      );
      for (const { stack_id: stackId, logical_id: logicalId } of due) {
        await this.unitOfWork.run(null, async (tx) => {
          const stack = await this.engine.lockStack(tx, stackId);
          const resource = stack && (await tx.manager.findOneBy(StackResource, { stackId, logicalId }));
          if (!stack || !resource || !resource.deadline || resource.deadline.getTime() > Date.now()) return;
          // Instances and groups with a CreationPolicy wait for signals too; a wait condition has its own wording.
          if (SIGNALLED_TYPES.has(resource.resourceType)) await this.creation.timeOut(tx, stack, resource);
          else await this.engine.timeOutWaitCondition(tx, stack, resource);
        });
      }
    } catch (error) {
      this.logger.warn(`wait condition sweep failed, will retry: ${(error as Error).message}`);
    }
  }
}
