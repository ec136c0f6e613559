import { ResourceConfigureRequested } from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { GroupMember } from '@cfn/resources';
import { newId } from '@cfn/runtime';
import { TemplateDocument } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import { hasConfigurationMetadata } from '../../configuration/configuration-request';
import { StackRepository } from '../../stack-engine/stack-repository';
import { StackStatusWriter } from '../../stack-engine/stack-status-writer';
import { MadeResource } from '../resource-type-hooks';
import { launchConfigurationOf } from './launch-configuration-of';
import { memberConfigurationRequest, memberLogicalId } from './member-configuration-request';

/**
 * Starts (and re-sends) a round of configurations of an AutoScalingGroup's members whose launch configuration has
 * configuration Metadata: one configurator operation per member, kept in `group_member_configurations`, every
 * member knowing them all. MemberConfigurations applies their outcomes.
 */
@Injectable()
export class MemberConfigurationRounds {
  constructor(
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
  ) {}

  /**
   * Starts one configuration of every member; false when the launch configuration asks for none. After an update
   * resized the group, every member is configured again: the new ones for the first time and the others because the
   * group facts they were configured with changed (as Ansible re-runs a play on the whole group).
   */
  async start(
    tx: Transaction,
    stack: Stack,
    group: StackResource,
    made: MadeResource,
    status: string,
    what: string,
  ): Promise<boolean> {
    const all = await this.repository.resourcesOf(tx, stack.id);
    const launchConfiguration = launchConfigurationOf(group.properties ?? {}, all);
    const members = (made.attributes.Members as GroupMember[] | undefined) ?? [];
    const configured =
      launchConfiguration &&
      hasConfigurationMetadata(stack.template as TemplateDocument, launchConfiguration.logicalId);
    if (!configured || members.length === 0) return false;

    const groupOperationId = newId();
    await this.writer.setResourceStatus(
      tx,
      stack,
      group,
      status,
      `${what}; configuring its ${members.length} instance(s) over SSH`,
      { ...made, operationId: groupOperationId, phase: 'CONFIGURING' },
    );
    const rows = all.map((row) => (row.logicalId === group.logicalId ? group : row));
    for (const member of members) {
      const operationId = newId();
      await tx.manager.query(
        `INSERT INTO group_member_configurations
           (operation_id, stack_id, logical_id, group_operation_id, member_index, member_logical_id, status, reason, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'PENDING', NULL, UTC_TIMESTAMP(3))`,
        [
          operationId,
          stack.id,
          group.logicalId,
          groupOperationId,
          member.index,
          memberLogicalId(group.logicalId, member.index),
        ],
      );
      await tx.publish(
        ResourceConfigureRequested,
        memberConfigurationRequest(stack, group, launchConfiguration, rows, members, member, operationId),
        stack.id,
      );
    }
    return true;
  }

  /** Re-sends the configure requests of members still pending (recovery: no outcome came for a while). */
  async resendPending(tx: Transaction, stack: Stack, group: StackResource): Promise<void> {
    const all = await this.repository.resourcesOf(tx, stack.id);
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
      await tx.publish(
        ResourceConfigureRequested,
        memberConfigurationRequest(stack, group, launchConfiguration, all, members, member, row.operation_id),
        stack.id,
      );
    }
  }
}
