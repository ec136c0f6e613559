import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { UnitOfWork } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { NESTED_STACK_TYPE } from '@cfn/resources';
import { StackEngine } from '../stack-engine/stack-engine';
import { ResourceStatus } from '../stack-engine/statuses';

const SWEEP_INTERVAL_MS = 5_000;

/**
 * Fails nested stack resources whose TimeoutInMinutes passed before their child stack was created; the parent then
 * rolls back (deleting the child) or stops, as its OnFailure says. Every planner replica sweeps; the parent row's
 * lock and a second look inside the transaction make one of them act, once.
 */
@Injectable()
export class NestedStackTimeouts implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NestedStackTimeouts.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
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
         WHERE phase IS NULL AND deadline <= UTC_TIMESTAMP(3) AND status = ? AND resource_type = ? LIMIT 100`,
        [ResourceStatus.CreateInProgress, NESTED_STACK_TYPE],
      );
      for (const { stack_id: stackId, logical_id: logicalId } of due) {
        await this.unitOfWork.run(null, async (tx) => {
          const stack = await this.engine.lockStack(tx, stackId);
          const resource = stack && (await tx.manager.findOneBy(StackResource, { stackId, logicalId }));
          if (!stack || !resource || resource.status !== ResourceStatus.CreateInProgress) return;
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
    } catch (error) {
      this.logger.warn(`nested stack timeout sweep failed, will retry: ${(error as Error).message}`);
    }
  }
}
