import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { NESTED_STACK_TYPE } from '@cfn/resources';
import { StackEngine } from '../stack-engine/stack-engine';
import { ResourceStatus } from '../stack-engine/statuses';
import { actOnLockedStack, PeriodicSweep } from '../sweeps/periodic-sweep';

const SWEEP_INTERVAL_MS = 5_000;

/**
 * Fails nested stack resources whose TimeoutInMinutes passed before their child stack was created; the parent then
 * rolls back (deleting the child) or stops, as its OnFailure says. Every planner replica sweeps; the parent row's
 * lock and a second look inside the transaction make one of them act, once.
 */
@Injectable()
export class NestedStackTimeouts implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NestedStackTimeouts.name);
  private readonly sweep = new PeriodicSweep({
    name: 'nested stack timeout',
    intervalMs: SWEEP_INTERVAL_MS,
    sweep: () => this.failOverdueNestedStacks(),
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

  private async failOverdueNestedStacks(): Promise<void> {
    const due: Array<{ stack_id: string; logical_id: string }> = await this.unitOfWork.dataSource.query(
      `SELECT stack_id, logical_id FROM stack_resources
       WHERE phase IS NULL AND deadline <= UTC_TIMESTAMP(3) AND status = ? AND resource_type = ? LIMIT 100`,
      [ResourceStatus.CreateInProgress, NESTED_STACK_TYPE],
    );
    for (const { stack_id: stackId, logical_id: logicalId } of due) {
      await actOnLockedStack(this.unitOfWork, this.engine, stackId, async (tx, stack) => {
        const resource = await tx.manager.findOneBy(StackResource, { stackId, logicalId });
        if (!resource || resource.status !== ResourceStatus.CreateInProgress) return;
        if (!resource.deadline || resource.deadline.getTime() > Date.now()) return;
        const [child]: Array<{ stack_id: string; stack_arn: string }> = await tx.manager.query(
          'SELECT stack_id, stack_arn FROM nested_stacks WHERE parent_stack_id = ? AND logical_id = ? AND operation_id = ?',
          [stackId, logicalId, resource.operationId],
        );
        // Until the planner knows the child, the api may still refuse it (and answer for the resource): wait.
        if (!child || !(await tx.manager.existsBy(Stack, { id: child.stack_id }))) return;
        await this.engine.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed,
          `Embedded stack ${child.stack_arn} was not successfully created: Stack creation time exceeded the specified timeout`,
          { physicalId: child.stack_arn, deadline: null });
        await this.engine.advance(tx, stack);
      });
    }
  }
}
