import { Transaction } from '@cfn/messaging';
import { ResourceSnapshot, Stack, StackResource } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { Inject, Injectable } from '@nestjs/common';

import { ResourceRequests } from '../stack-engine/resource-requests';
import { isInFlight } from '../stack-engine/resource-states';
import { StackRepository } from '../stack-engine/stack-repository';
import { StackStatusWriter } from '../stack-engine/stack-status-writer';
import { ResourceStatus, StackStatus } from '../stack-engine/statuses';
import { UpdateCleanup } from './update-cleanup';

/**
 * A failed (or cancelled) update's rollback (UPDATE_ROLLBACK_IN_PROGRESS): the previous template and parameters
 * are restored, replaced resources point at their old objects again (the new ones are retired), in-place changes
 * are reverted by updating back to the old properties, then the clean-up deletes what the update made.
 */
@Injectable()
export class UpdateRollback {
  constructor(
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(ResourceRequests) private readonly requests: ResourceRequests,
    @Inject(UpdateCleanup) private readonly cleanup: UpdateCleanup,
  ) {}

  /** Restores the previous template and parameters and rolls back (or, with rollback disabled, stops). */
  async begin(tx: Transaction, stack: Stack, rows: StackResource[], reason: string): Promise<void> {
    const state = stack.updateState!;
    if (state.disableRollback) {
      if (!rows.some(isInFlight)) await this.writer.setStackStatus(tx, stack, StackStatus.UpdateFailed, reason);
      return;
    }
    await this.writer.setStackStatus(tx, stack, StackStatus.UpdateRollbackInProgress, reason);
    const previous = state.previous;
    await this.repository.saveStack(tx, stack, {
      template: previous.template,
      parameters: previous.parameters,
      noEchoParameters: previous.noEchoParameters,
      availabilityZones: previous.availabilityZones,
      tags: previous.tags,
      outputs: previous.outputs,
      templateVersion: previous.templateVersion,
      templateHash: previous.templateHash,
    });
    return this.advance(tx, stack, rows);
  }

  /** Waits for what is in flight, then brings every resource the update touched back. */
  async advance(tx: Transaction, stack: Stack, rows: StackResource[]): Promise<void> {
    if (rows.some(isInFlight)) return;
    const state = stack.updateState!;
    const skipped = new Set(state.skipped ?? []);
    for (const row of rows.filter((r) => r.updateVersion === state.version)) {
      await this.revert(tx, stack, row, skipped.has(row.logicalId));
    }
    if (rows.some(isInFlight)) return;
    const failed = rows.filter(
      (row) => row.updateAction === 'RolledBack' && row.status === ResourceStatus.UpdateFailed,
    );
    if (failed.length > 0) {
      await this.writer.setStackStatus(
        tx,
        stack,
        StackStatus.UpdateRollbackFailed,
        `The following resource(s) failed to update: [${failed.map((row) => row.logicalId).join(', ')}]. `,
      );
      return;
    }
    await this.writer.setStackStatus(tx, stack, StackStatus.UpdateRollbackCompleteCleanupInProgress, null);
    return this.cleanup.advance(tx, stack, rows);
  }

  private async revert(tx: Transaction, stack: Stack, row: StackResource, skip: boolean): Promise<void> {
    const previous = row.previous;
    if (row.updateAction === 'None') {
      if (row.status === ResourceStatus.UpdateFailed) {
        await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateComplete, null, {
          updateAction: 'RolledBack',
        });
      } else {
        await this.repository.markResource(tx, row, { updateAction: 'RolledBack' });
      }
    } else if (skip && row.updateAction === 'Modify') {
      await this.writer.setResourceStatus(
        tx,
        stack,
        row,
        ResourceStatus.UpdateComplete,
        'Resource skipped during rollback',
        { updateAction: 'RolledBack' },
      );
    } else if (row.updateAction === 'Replace' && previous) {
      const made = row.physicalId && row.physicalId !== previous.physicalId ? snapshotOf(row) : row.retired;
      await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateInProgress, null, {});
      await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateComplete, null, {
        physicalId: previous.physicalId,
        properties: previous.properties,
        attributes: previous.attributes,
        retired: made,
        updateAction: 'RolledBack',
      });
    } else if (row.updateAction === 'Modify' && previous) {
      if (!row.physicalId) {
        await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateComplete, null, {
          updateAction: 'RolledBack',
        });
        return;
      }
      const current = row.properties ?? {};
      await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateInProgress, null, {
        operationId: newId(),
        updateAction: 'RolledBack',
        properties: previous.properties,
      });
      await this.requests.update(tx, stack, row, current);
    }
  }
}

export function snapshotOf(row: StackResource): ResourceSnapshot {
  return { status: row.status, physicalId: row.physicalId, properties: row.properties, attributes: row.attributes };
}
