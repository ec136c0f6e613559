import {
  ResourceCreateFailed,
  ResourceCreateSucceeded,
  ResourceDeleteFailed,
  ResourceDeleteSucceeded,
  StackDeleteRequested,
  StackStatusChanged,
  StackStatusChangedV1,
} from '@cfn/contracts';
import { RabbitContext, Transaction, UnitOfWork } from '@cfn/messaging';
import { NESTED_STACK_OUTPUT_PREFIX } from '@cfn/resources';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { StackRepository } from '../../stack-engine/stack-repository';
import { ResourceStatus, StackStatus } from '../../stack-engine/statuses';
import { NestedStackStore } from './nested-stack-store';

/** Statuses in which a child stack's create has ended without success. */
const CREATE_FAILURES = new Set<string>([
  StackStatus.CreateFailed,
  StackStatus.RollbackComplete,
  StackStatus.RollbackFailed,
]);
const TEARDOWN = new Set<string>([StackStatus.RollbackInProgress, StackStatus.DeleteInProgress]);

/**
 * Turns a nested stack's settling statuses into its parent resource's outcome, as the provisioner reports a cloud
 * object's: CREATE_COMPLETE (the outputs become `Outputs.<Key>` attributes), a failed create, DELETE_COMPLETE or
 * DELETE_FAILED. The parent then takes the ordinary outcome path, whose guards (attempt id, status) make a late or
 * repeated status change harmless.
 */
@Controller()
export class NestedStackStatusController {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(NestedStackStore) private readonly store: NestedStackStore,
  ) {}

  @EventPattern(StackStatusChanged.routingKey)
  async onStackStatusChanged(@Payload() event: StackStatusChangedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      if (TEARDOWN.has(event.status)) await this.cancelChildrenOf(tx, event.stackId);
      const link = await this.store.link(tx, event.stackId);
      if (!link) return;
      const resource = await this.repository.resource(tx, link.parent_stack_id, link.logical_id);
      if (!resource) return;
      const outcome = { stackId: link.parent_stack_id, logicalId: link.logical_id };
      const creating =
        resource.status === ResourceStatus.CreateInProgress && resource.operationId === link.operation_id;
      const deleting = resource.status === ResourceStatus.DeleteInProgress && resource.physicalId === link.stack_arn;
      if (creating && event.status === StackStatus.CreateComplete) {
        const outputs = await this.store.stackOutputs(tx, event.stackId);
        const attributes = Object.fromEntries(
          (outputs ?? []).map((output) => [`${NESTED_STACK_OUTPUT_PREFIX}${output.OutputKey}`, output.OutputValue]),
        );
        await tx.publish(
          ResourceCreateSucceeded,
          {
            ...outcome,
            operationId: link.operation_id,
            physicalId: link.stack_arn,
            attributes,
          },
          link.parent_stack_id,
        );
      } else if (creating && CREATE_FAILURES.has(event.status)) {
        const why = await this.failureReason(tx, event.stackId, StackStatus.RollbackInProgress, event);
        await tx.publish(
          ResourceCreateFailed,
          {
            ...outcome,
            operationId: link.operation_id,
            physicalId: link.stack_arn,
            reason: `Embedded stack ${link.stack_arn} was not successfully created: ${why}`,
          },
          link.parent_stack_id,
        );
      } else if (creating && event.status === StackStatus.CreateInProgress) {
        // The parent began tearing down before the child was known: cancel the child now.
        const parentStatus = await this.store.stackStatus(tx, link.parent_stack_id);
        if (parentStatus && TEARDOWN.has(parentStatus)) await requestDelete(tx, link.stack_id);
      } else if (creating && event.status === StackStatus.DeleteComplete) {
        // Cancelled (by the parent's teardown, or deleted on its own): nothing of it is left.
        await tx.publish(
          ResourceCreateFailed,
          {
            ...outcome,
            operationId: link.operation_id,
            physicalId: null,
            reason: `Embedded stack ${link.stack_arn} was not successfully created: Resource creation cancelled`,
          },
          link.parent_stack_id,
        );
      } else if (deleting && event.status === StackStatus.DeleteComplete) {
        await tx.publish(
          ResourceDeleteSucceeded,
          { ...outcome, operationId: resource.operationId! },
          link.parent_stack_id,
        );
      } else if (deleting && event.status === StackStatus.DeleteFailed) {
        await tx.publish(
          ResourceDeleteFailed,
          {
            ...outcome,
            operationId: resource.operationId!,
            reason: `Embedded stack ${link.stack_arn} was not successfully deleted: ${event.reason ?? 'DELETE_FAILED'}`,
          },
          link.parent_stack_id,
        );
      }
    });
  }

  /**
   * A parent that rolls back or is deleted does not wait for children still being created: they are deleted at
   * once (the planner deletes a stack while it is created), and their DELETE_COMPLETE fails the parent's resource.
   */
  private async cancelChildrenOf(tx: Transaction, parentStackId: string): Promise<void> {
    for (const childId of await this.store.childrenBeingCreated(tx, parentStackId)) await requestDelete(tx, childId);
  }

  /**
   * Why the child failed, in its own words: the reason it gave when it started rolling back (without the
   * "Rollback requested by user." AWS leaves out of the parent's message), else that of the settling status.
   */
  private async failureReason(
    tx: Transaction,
    stackId: string,
    rollbackStatus: string,
    event: StackStatusChangedV1,
  ): Promise<string> {
    const given = await this.store.lastStackReason(tx, stackId, rollbackStatus);
    const reason = (given ?? event.reason ?? '').replace(/\s*Rollback requested by user\.$/, '').trim();
    return reason || event.status;
  }
}

async function requestDelete(tx: Transaction, stackId: string): Promise<void> {
  await tx.publish(StackDeleteRequested, { stackId, requestedAt: new Date().toISOString() }, stackId);
}
