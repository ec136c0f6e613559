import { UnitOfWork } from '@cfn/messaging';
import { StackResource } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { CreationCompletion } from '../creation-policy/creation-completion';
import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';
import { StackEngine } from '../stack-engine/stack-engine';
import { StackRepository } from '../stack-engine/stack-repository';
import { StackSweep } from '../sweeps/stack-sweep';

/**
 * Fails resources whose wait for signals (a wait condition's Timeout, a CreationPolicy's) passed. A restarted
 * planner picks up overdue ones at its first sweep, so no stack waits forever.
 */
@Injectable()
export class WaitConditionTimeouts extends StackSweep {
  constructor(
    @Inject(UnitOfWork) unitOfWork: UnitOfWork,
    @Inject(StackRepository) repository: StackRepository,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(CreationCompletion) private readonly creation: CreationCompletion,
    @Inject(ResourceTypeHookRegistry) private readonly hooks: ResourceTypeHookRegistry,
  ) {
    super(unitOfWork, repository, { name: 'wait condition', intervalMs: 2_000 });
  }

  protected async sweep(): Promise<void> {
    const due: Array<{ stack_id: string; logical_id: string }> = await this.unitOfWork.dataSource.query(
      `SELECT stack_id, logical_id FROM stack_resources
       WHERE phase = 'AWAITING_SIGNALS' AND deadline <= UTC_TIMESTAMP(3) LIMIT 100`,
    );
    for (const { stack_id: stackId, logical_id: logicalId } of due) {
      await this.onLockedStack(stackId, async (tx, stack) => {
        const resource = await tx.manager.findOneBy(StackResource, { stackId, logicalId });
        if (!resource || !resource.deadline || resource.deadline.getTime() > Date.now()) return;
        // A type that waits itself (a wait condition) words its own timeout; others waited under a CreationPolicy.
        if (this.hooks.waitsItself(resource)) await this.engine.timeOutAwaiting(tx, stack, resource);
        else await this.creation.timeOut(tx, stack, resource);
      });
    }
  }
}
