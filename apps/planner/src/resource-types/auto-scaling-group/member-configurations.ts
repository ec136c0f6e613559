import { ResourceConfigureFailedV1, ResourceConfigureProgressV1, ResourceConfigureSucceededV1 } from '@cfn/contracts';
import { RabbitContext, Transaction, UnitOfWork } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { AUTO_SCALING_GROUP_TYPE, GroupMember } from '@cfn/resources';
import { newId } from '@cfn/runtime';
import { Inject, Injectable } from '@nestjs/common';

import { CreationCompletion } from '../../creation-policy/creation-completion';
import { StackEngine } from '../../stack-engine/stack-engine';
import { StackEventWriter } from '../../stack-engine/stack-event-writer';
import { StackRepository } from '../../stack-engine/stack-repository';
import { StackStatusWriter } from '../../stack-engine/stack-status-writer';
import { ResourceStatus } from '../../stack-engine/statuses';

interface MemberRow {
  operation_id: string;
  logical_id: string;
  group_operation_id: string;
  member_logical_id: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
}

/**
 * Applies the outcomes of a group's member configurations (MemberConfigurationRounds starts them). The group stays CREATE_IN_PROGRESS (or, after an update resized it, UPDATE_IN_PROGRESS) in phase CONFIGURING until
 * every member succeeded; one failed member fails it.
 */
@Injectable()
export class MemberConfigurations {
  private readonly events = new StackEventWriter();

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(CreationCompletion) private readonly creation: CreationCompletion,
  ) {}

  async onSucceeded(event: ResourceConfigureSucceededV1, ctx: RabbitContext): Promise<void> {
    await this.apply(ctx, event, async (tx, stack, group, row) => {
      await this.mark(tx, row, 'SUCCEEDED', null);
      await this.memberEvent(tx, stack, group, `${row.member_logical_id}: configured`);
      const [{ pending }] = await tx.manager.query(
        `SELECT COUNT(*) AS pending FROM group_member_configurations
         WHERE stack_id = ? AND logical_id = ? AND group_operation_id = ? AND status <> 'SUCCEEDED'`,
        [stack.id, group.logicalId, row.group_operation_id],
      );
      if (Number(pending) > 0) return;
      if (group.status === ResourceStatus.UpdateInProgress) {
        await this.writer.setResourceStatus(tx, stack, group, ResourceStatus.UpdateComplete, null, { phase: null });
        return this.engine.advance(tx, stack);
      }
      const members = (group.attributes?.Members as GroupMember[] | undefined) ?? [];
      await this.creation.complete(
        tx,
        stack,
        group,
        {},
        members.map((member) => member.id),
      );
    });
  }

  async onFailed(event: ResourceConfigureFailedV1, ctx: RabbitContext): Promise<void> {
    await this.apply(ctx, event, async (tx, stack, group, row) => {
      await this.mark(tx, row, 'FAILED', event.reason);
      const failed =
        group.status === ResourceStatus.UpdateInProgress ? ResourceStatus.UpdateFailed : ResourceStatus.CreateFailed;
      await this.writer.setResourceStatus(tx, stack, group, failed, `${row.member_logical_id}: ${event.reason}`, {
        phase: null,
      });
      await this.engine.advance(tx, stack);
    });
  }

  async onProgress(event: ResourceConfigureProgressV1, ctx: RabbitContext): Promise<void> {
    await this.apply(ctx, event, (tx, stack, group) =>
      this.memberEvent(tx, stack, group, `${event.host}: ${event.task}: ${event.result}`, new Date(event.at)),
    );
  }

  /** Applies a member's outcome only while its group still waits for that round of configurations. */
  private async apply(
    ctx: RabbitContext,
    event: { stackId: string; operationId: string },
    change: (tx: Transaction, stack: Stack, group: StackResource, row: MemberRow) => Promise<void>,
  ): Promise<void> {
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      const stack = await this.repository.lockStack(tx, event.stackId);
      if (!stack) return;
      const [row]: MemberRow[] = await tx.manager.query(
        'SELECT operation_id, logical_id, group_operation_id, member_logical_id, status FROM group_member_configurations WHERE operation_id = ?',
        [event.operationId],
      );
      if (!row || row.status !== 'PENDING') return;
      const group = await this.repository.resource(tx, stack.id, row.logical_id);
      const waiting =
        group &&
        group.resourceType === AUTO_SCALING_GROUP_TYPE &&
        group.operationId === row.group_operation_id &&
        (group.status === ResourceStatus.CreateInProgress || group.status === ResourceStatus.UpdateInProgress) &&
        group.phase === 'CONFIGURING';
      if (!waiting) return;
      await change(tx, stack, group, row);
    });
  }

  private async mark(
    tx: Transaction,
    row: MemberRow,
    status: MemberRow['status'],
    reason: string | null,
  ): Promise<void> {
    row.status = status;
    await tx.manager.query(
      'UPDATE group_member_configurations SET status = ?, reason = ?, updated_at = UTC_TIMESTAMP(3) WHERE operation_id = ?',
      [status, reason, row.operation_id],
    );
  }

  private async memberEvent(
    tx: Transaction,
    stack: Stack,
    group: StackResource,
    reason: string,
    at = new Date(),
  ): Promise<void> {
    this.events.append(tx, {
      eventId: newId(),
      stackId: stack.id,
      stackName: stack.name,
      logicalId: group.logicalId,
      physicalId: group.physicalId ?? '',
      resourceType: group.resourceType,
      status: group.status ?? ResourceStatus.CreateInProgress,
      statusReason: reason,
      resourceProperties: null,
      timestamp: at,
    });
  }
}
