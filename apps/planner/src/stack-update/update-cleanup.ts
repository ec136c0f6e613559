import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { DependencyGraph, TemplateDocument } from '@cfn/template';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { ResourceRequests } from '../stack-engine/resource-requests';
import { isInFlight } from '../stack-engine/resource-states';
import { StackRepository } from '../stack-engine/stack-repository';
import { StackStatusWriter } from '../stack-engine/stack-status-writer';
import { ResourceStatus, StackStatus } from '../stack-engine/statuses';

/**
 * The update's clean-up (UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS):
 * deletes what the stack no longer uses, that is resources not in the template now in effect (in reverse dependency
 * order of the template they came from) and retired objects; then settles the stack.
 */
@Injectable()
export class UpdateCleanup {
  private readonly logger = new Logger('StackUpdater');

  constructor(
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(ResourceRequests) private readonly requests: ResourceRequests,
  ) {}

  async advance(tx: Transaction, stack: Stack, rows: StackResource[]): Promise<void> {
    const state = stack.updateState!;
    const forward = stack.status === StackStatus.UpdateCompleteCleanupInProgress;
    const current = new Set((await this.repository.graph(tx, stack)).resources());
    const leavingTemplate = (forward ? state.previous.template : state.target.template) as TemplateDocument;
    const order = new DependencyGraph(leavingTemplate);
    const leaving: StackResource[] = [];
    for (const row of rows.filter((r) => !current.has(r.logicalId))) {
      const gone =
        row.status === null ||
        row.status === ResourceStatus.DeleteComplete ||
        row.status === ResourceStatus.DeleteFailed ||
        (row.status === ResourceStatus.CreateFailed && !row.physicalId);
      if (gone) await this.repository.deleteResource(tx, row);
      else leaving.push(row);
    }
    const leavingIds = new Set(leaving.map((row) => row.logicalId));
    for (const row of leaving) {
      if (isInFlight(row)) continue;
      if (order.dependentsOf(row.logicalId).some((dependent) => leavingIds.has(dependent))) continue;
      if (leavingTemplate.Resources?.[row.logicalId]?.DeletionPolicy === 'Retain') {
        await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.DeleteSkipped, null);
        await this.repository.deleteResource(tx, row);
        leavingIds.delete(row.logicalId);
        continue;
      }
      await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.DeleteInProgress, null, {
        operationId: newId(),
      });
      await this.requests.delete(tx, stack, row);
    }
    for (const row of rows.filter((r) => current.has(r.logicalId) && r.retired && r.phase === null)) {
      const policy = (stack.template as TemplateDocument).Resources[row.logicalId]?.UpdateReplacePolicy;
      if (forward && policy === 'Retain') {
        this.retiredEvent(tx, stack, row, ResourceStatus.DeleteSkipped, null);
        await this.repository.markResource(tx, row, { retired: null });
        continue;
      }
      // updatedAt: the recovery sweep re-sends this delete only after a period without an outcome.
      await this.repository.markResource(tx, row, { phase: 'CLEANUP', operationId: newId(), updatedAt: new Date() });
      this.retiredEvent(tx, stack, row, ResourceStatus.DeleteInProgress, null);
      await this.requestRetiredDelete(tx, stack, row);
    }
    if (leavingIds.size > 0 || rows.some((row) => current.has(row.logicalId) && (row.retired || isInFlight(row))))
      return;
    await this.repository.clearUpdateMarkers(tx, stack.id);
    await this.repository.saveStack(tx, stack, { updateState: null });
    await this.writer.setStackStatus(
      tx,
      stack,
      forward ? StackStatus.UpdateComplete : StackStatus.UpdateRollbackComplete,
      null,
    );
  }

  /** Asks for the deletion of the resource's retired object (its stored attempt; re-sent unchanged by recovery). */
  async requestRetiredDelete(tx: Transaction, stack: Stack, row: StackResource): Promise<void> {
    await this.requests.delete(tx, stack, row, {
      object: { physicalId: row.retired!.physicalId, properties: row.retired!.properties },
    });
  }

  /** The retired object of a resource is gone (or could not be deleted: clean-up never fails an update, as in AWS). */
  async retiredDeleted(tx: Transaction, stack: Stack, row: StackResource, failure: string | null): Promise<void> {
    const retired = row.retired!;
    this.retiredEvent(tx, stack, row, failure ? ResourceStatus.DeleteFailed : ResourceStatus.DeleteComplete, failure);
    if (failure)
      this.logger.warn(
        `stack ${stack.name}: ${row.logicalId}'s old object ${retired.physicalId} was not deleted: ${failure}`,
      );
    await this.repository.markResource(tx, row, { retired: null, phase: null });
  }

  /** A stack event about the resource's retired object (its own status does not change). */
  private retiredEvent(tx: Transaction, stack: Stack, row: StackResource, status: string, reason: string | null): void {
    this.writer.resourceEvent(tx, stack, {
      ...row,
      status,
      statusReason: reason,
      physicalId: row.retired?.physicalId ?? null,
      properties: row.retired?.properties ?? null,
    });
  }
}
