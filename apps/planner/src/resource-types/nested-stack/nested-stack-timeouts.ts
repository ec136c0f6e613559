import { UnitOfWork } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { NESTED_STACK_TYPE } from '@cfn/resources';
import { Inject, Injectable } from '@nestjs/common';

import { StackEngine } from '../../stack-engine/stack-engine';
import { StackRepository } from '../../stack-engine/stack-repository';
import { StackStatusWriter } from '../../stack-engine/stack-status-writer';
import { ResourceStatus } from '../../stack-engine/statuses';
import { StackSweep } from '../../sweeps/stack-sweep';

/**
 * Fails nested stack resources whose TimeoutInMinutes passed before their child stack was created; the parent then
 * rolls back (deleting the child) or stops, as its OnFailure says.
 */
@Injectable()
export class NestedStackTimeouts extends StackSweep {
  constructor(
    @Inject(UnitOfWork) unitOfWork: UnitOfWork,
    @Inject(StackRepository) repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(StackEngine) private readonly engine: StackEngine,
  ) {
    super(unitOfWork, repository, { name: 'nested stack timeout', intervalMs: 5_000 });
  }

  protected async sweep(): Promise<void> {
    const due: Array<{ stack_id: string; logical_id: string }> = await this.unitOfWork.dataSource.query(
      `SELECT stack_id, logical_id FROM stack_resources
       WHERE phase IS NULL AND deadline <= UTC_TIMESTAMP(3) AND status = ? AND resource_type = ? LIMIT 100`,
      [ResourceStatus.CreateInProgress, NESTED_STACK_TYPE],
    );
    for (const { stack_id: stackId, logical_id: logicalId } of due) {
      await this.onLockedStack(stackId, async (tx, stack) => {
        const resource = await tx.manager.findOneBy(StackResource, { stackId, logicalId });
        if (!resource || resource.status !== ResourceStatus.CreateInProgress) return;
        if (!resource.deadline || resource.deadline.getTime() > Date.now()) return;
        const [child]: Array<{ stack_id: string; stack_arn: string }> = await tx.manager.query(
          'SELECT stack_id, stack_arn FROM nested_stacks WHERE parent_stack_id = ? AND logical_id = ? AND operation_id = ?',
          [stackId, logicalId, resource.operationId],
        );
        // Until the planner knows the child, the api may still refuse it (and answer for the resource): wait.
        if (!child || !(await tx.manager.existsBy(Stack, { id: child.stack_id }))) return;
        await this.writer.setResourceStatus(
          tx,
          stack,
          resource,
          ResourceStatus.CreateFailed,
          `Embedded stack ${child.stack_arn} was not successfully created: Stack creation time exceeded the specified timeout`,
          { physicalId: child.stack_arn, deadline: null },
        );
        await this.engine.advance(tx, stack);
      });
    }
  }
}
