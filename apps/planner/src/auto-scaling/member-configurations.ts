import { Inject, Injectable } from '@nestjs/common';
import {
  ResourceConfigureFailedV1, ResourceConfigureProgressV1, ResourceConfigureRequested, ResourceConfigureSucceededV1,
} from '@cfn/contracts';
import { RabbitContext, Transaction, UnitOfWork } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { GroupMember } from '@cfn/resources';
import { newId } from '@cfn/runtime';
import { TemplateDocument } from '@cfn/template';
import { hasConfigurationMetadata } from '../configuration/configuration-request';
import { CreationCompletion } from '../creation-policy/creation-completion';
import { StackEngine } from '../stack-engine/stack-engine';
import { ResourceStatus } from '../stack-engine/statuses';
import { AUTO_SCALING_GROUP, launchConfigurationOf } from './launch-configuration-of';
import { memberConfigurationRequest, memberLogicalId } from './member-configuration-request';
import { StackEventWriter } from '../stack-engine/stack-event-writer';

interface MemberRow {
  operation_id: string;
  logical_id: string;
  group_operation_id: string;
  member_logical_id: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
}

/**
 * Configures the members of an AutoScalingGroup whose launch configuration has configuration Metadata: one
 * configurator operation per member (kept in `group_member_configurations`), every member knowing them all. The
 * group stays CREATE_IN_PROGRESS (or, after an update resized it, UPDATE_IN_PROGRESS) in phase CONFIGURING until
 * every member succeeded; one failed member fails it.
 */
@Injectable()
export class MemberConfigurations {
  private readonly events = new StackEventWriter();

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(CreationCompletion) private readonly creation: CreationCompletion,
  ) {}

  /** For a group just made: configure its members when its launch configuration asks for it. */
  async afterGroupCreated(
    tx: Transaction, stack: Stack, group: StackResource, created: { physicalId: string; attributes: Record<string, unknown> },
  ): Promise<void> {
    const started = await this.startRound(tx, stack, group, created, ResourceStatus.CreateInProgress, 'Resource created');
    if (!started) await this.creation.complete(tx, stack, group, created);
  }

  /**
   * For a group an update changed in place (resized): every member is configured again, the new ones for the first
   * time and the others because the group facts they were configured with changed (as Ansible re-runs a play on the
   * whole group). False when the launch configuration has no configuration: the update's own completion applies.
   */
  async afterGroupUpdated(
    tx: Transaction, stack: Stack, group: StackResource, updated: { physicalId: string; attributes: Record<string, unknown> },
  ): Promise<boolean> {
    return this.startRound(tx, stack, group, updated, ResourceStatus.UpdateInProgress, 'Resource updated');
  }

  /** Re-sends the configure requests of members still pending (recovery: no outcome came for a while). */
  async resendPending(tx: Transaction, stack: Stack, group: StackResource): Promise<void> {
    const all = await this.engine.resourcesOf(tx, stack.id);
    const launchConfiguration = launchConfigurationOf(group.properties ?? {}, all);
    const members = (group.attributes?.Members as GroupMember[] | undefined) ?? [];
    if (!launchConfiguration) return;
    const pending: Array<{ operation_id: string; member_index: number }> = await tx.manager.query(
      `SELECT operation_id, member_index FROM group_member_configurations
       WHERE stack_id = ? AND logical_id = ? AND group_operation_id = ? AND status = 'PENDING'`,
      [stack.id, group.logicalId, group.operationId],
    );
    for (const row of pending) {
      const member = members.find((candidate) => candidate.index === Number(row.member_index));
      if (!member) continue;
      await tx.publish(ResourceConfigureRequested,
        memberConfigurationRequest(stack, group, launchConfiguration, all, members, member, row.operation_id), stack.id);
    }
  }

  /** Starts one configuration of every member; false when the launch configuration asks for none. */
  private async startRound(
    tx: Transaction, stack: Stack, group: StackResource, made: { physicalId: string; attributes: Record<string, unknown> },
    status: string, what: string,
  ): Promise<boolean> {
    const all = await this.engine.resourcesOf(tx, stack.id);
    const launchConfiguration = launchConfigurationOf(group.properties ?? {}, all);
    const members = (made.attributes.Members as GroupMember[] | undefined) ?? [];
    const configured = launchConfiguration && hasConfigurationMetadata(stack.template as TemplateDocument, launchConfiguration.logicalId);
    if (!configured || members.length === 0) return false;

    const groupOperationId = newId();
    await this.engine.setResourceStatus(tx, stack, group, status,
      `${what}; configuring its ${members.length} instance(s) over SSH`,
      { ...made, operationId: groupOperationId, phase: 'CONFIGURING' });
    const rows = all.map((row) => (row.logicalId === group.logicalId ? group : row));
    for (const member of members) {
      const operationId = newId();
      await tx.manager.query(
        `INSERT INTO group_member_configurations
           (operation_id, stack_id, logical_id, group_operation_id, member_index, member_logical_id, status, reason, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'PENDING', NULL, UTC_TIMESTAMP(3))`,
        [operationId, stack.id, group.logicalId, groupOperationId, member.index, memberLogicalId(group.logicalId, member.index)],
      );
      await tx.publish(ResourceConfigureRequested,
        memberConfigurationRequest(stack, group, launchConfiguration, rows, members, member, operationId), stack.id);
    }
    return true;
  }

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
        await this.engine.setResourceStatus(tx, stack, group, ResourceStatus.UpdateComplete, null, { phase: null });
        return this.engine.advance(tx, stack);
      }
      const members = (group.attributes?.Members as GroupMember[] | undefined) ?? [];
      await this.creation.complete(tx, stack, group, {}, members.map((member) => member.id));
    });
  }

  async onFailed(event: ResourceConfigureFailedV1, ctx: RabbitContext): Promise<void> {
    await this.apply(ctx, event, async (tx, stack, group, row) => {
      await this.mark(tx, row, 'FAILED', event.reason);
      const failed = group.status === ResourceStatus.UpdateInProgress ? ResourceStatus.UpdateFailed : ResourceStatus.CreateFailed;
      await this.engine.setResourceStatus(tx, stack, group, failed,
        `${row.member_logical_id}: ${event.reason}`, { phase: null });
      await this.engine.advance(tx, stack);
    });
  }

  async onProgress(event: ResourceConfigureProgressV1, ctx: RabbitContext): Promise<void> {
    await this.apply(ctx, event, (tx, stack, group) =>
      this.memberEvent(tx, stack, group, `${event.host}: ${event.task}: ${event.result}`, new Date(event.at)));
  }

  /** Applies a member's outcome only while its group still waits for that round of configurations. */
  private async apply(
    ctx: RabbitContext, event: { stackId: string; operationId: string },
    change: (tx: Transaction, stack: Stack, group: StackResource, row: MemberRow) => Promise<void>,
  ): Promise<void> {
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      const stack = await this.engine.lockStack(tx, event.stackId);
      if (!stack) return;
      const [row]: MemberRow[] = await tx.manager.query(
        'SELECT operation_id, logical_id, group_operation_id, member_logical_id, status FROM group_member_configurations WHERE operation_id = ?',
        [event.operationId],
      );
      if (!row || row.status !== 'PENDING') return;
      const group = await this.engine.resource(tx, stack.id, row.logical_id);
      const waiting = group && group.resourceType === AUTO_SCALING_GROUP && group.operationId === row.group_operation_id &&
        (group.status === ResourceStatus.CreateInProgress || group.status === ResourceStatus.UpdateInProgress) &&
        group.phase === 'CONFIGURING';
      if (!waiting) return;
      await change(tx, stack, group, row);
    });
  }

  private async mark(tx: Transaction, row: MemberRow, status: MemberRow['status'], reason: string | null): Promise<void> {
    row.status = status;
    await tx.manager.query(
      'UPDATE group_member_configurations SET status = ?, reason = ?, updated_at = UTC_TIMESTAMP(3) WHERE operation_id = ?',
      [status, reason, row.operation_id],
    );
  }

  private async memberEvent(tx: Transaction, stack: Stack, group: StackResource, reason: string, at = new Date()): Promise<void> {
    this.events.append(tx, {
      eventId: newId(), stackId: stack.id, stackName: stack.name, logicalId: group.logicalId, physicalId: group.physicalId ?? '',
      resourceType: group.resourceType, status: group.status ?? ResourceStatus.CreateInProgress, statusReason: reason,
      resourceProperties: null, timestamp: at,
    });
  }
}
