import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { TemplateDocument } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';
import { teardownActionFor } from '../stack-lifecycle/failure-policy';
import { ResourceRequests } from './resource-requests';
import { isDeletable, isInFlight, isPresent } from './resource-states';
import { StackPass } from './stack-pass';
import { StackRepository } from './stack-repository';
import { StackStatusWriter } from './stack-status-writer';
import { ResourceStatus, StackStatus, TEARDOWN_STATUSES } from './statuses';

/**
 * Deletes what exists in reverse dependency order (DeleteStack, or the rollback of a failed create). A resource
 * still being created is waited for (its outcome message brings the planner back here); one whose create failed
 * without a cloud object is simply marked deleted.
 */
@Injectable()
export class TeardownPass implements StackPass {
  constructor(
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(ResourceRequests) private readonly requests: ResourceRequests,
    @Inject(ResourceTypeHookRegistry) private readonly hooks: ResourceTypeHookRegistry,
  ) {}

  handles(status: string): boolean {
    return TEARDOWN_STATUSES.has(status);
  }

  async advance(tx: Transaction, stack: Stack, resources: StackResource[]): Promise<void> {
    const graph = await this.repository.graph(tx, stack);
    for (const resource of resources) {
      const nothingToRemove =
        resource.status === ResourceStatus.CreateFailed && !resource.physicalId && resource.phase !== 'CANCELLED';
      if (nothingToRemove)
        await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteComplete, null);
    }
    const present = new Set(resources.filter(isPresent).map((r) => r.logicalId));
    const deletable = resources.filter(
      (r) => isDeletable(r) && graph.dependentsOf(r.logicalId).every((dependent) => !present.has(dependent)),
    );
    if ((await this.startDeletes(tx, stack, deletable)) > 0) return this.advance(tx, stack, resources);

    if (resources.some(isInFlight)) return;
    const deleteFailed = resources.filter((r) => r.status === ResourceStatus.DeleteFailed);
    const rollingBack = stack.status === StackStatus.RollbackInProgress;
    if (deleteFailed.length > 0) {
      const reason = `The following resource(s) failed to delete: [${deleteFailed.map((r) => r.logicalId).join(', ')}]. `;
      await this.writer.setStackStatus(
        tx,
        stack,
        rollingBack ? StackStatus.RollbackFailed : StackStatus.DeleteFailed,
        reason,
      );
    } else {
      await this.writer.setStackStatus(
        tx,
        stack,
        rollingBack ? StackStatus.RollbackComplete : StackStatus.DeleteComplete,
        null,
      );
      if (rollingBack && stack.onFailure === 'DELETE') {
        // OnFailure DELETE: the rolled-back stack is then deleted (nothing is left to remove but the stack).
        await this.writer.setStackStatus(tx, stack, StackStatus.DeleteInProgress, null);
        await this.writer.setStackStatus(tx, stack, StackStatus.DeleteComplete, null);
      }
    }
  }

  /**
   * After a resource reached DELETE_COMPLETE (or failed to delete) during teardown: deletes what it was keeping,
   * reading only its neighbours in the graph, and takes the full pass once nothing is in flight.
   */
  async afterResourceDeleted(tx: Transaction, stack: Stack, deleted: StackResource): Promise<void> {
    const graph = await this.repository.graph(tx, stack);
    const candidates = graph.dependenciesOf(deleted.logicalId);
    if (candidates.length > 0) {
      const neighbourhood = new Set(candidates.flatMap((id) => [id, ...graph.dependentsOf(id)]));
      const rows = await this.repository.resourcesNamed(tx, stack.id, [...neighbourhood]);
      const byId = new Map(rows.map((row) => [row.logicalId, row]));
      const deletable = candidates.filter(
        (id) =>
          isDeletable(byId.get(id)) && graph.dependentsOf(id).every((dependent) => !isPresent(byId.get(dependent))),
      );
      const skipped = await this.startDeletes(
        tx,
        stack,
        deletable.map((id) => byId.get(id)!),
      );
      if (skipped > 0) return this.advance(tx, stack, await this.repository.resourcesOf(tx, stack.id));
    }
    if ((await this.repository.countTeardownInFlight(tx, stack.id)) > 0) return;
    await this.advance(tx, stack, await this.repository.resourcesOf(tx, stack.id));
  }

  /**
   * Asks for the resource's deletion, for its stored attempt: its type's own way (handle_delete), else through the
   * provisioner, with a snapshot first under DeletionPolicy Snapshot. Sent again unchanged by recovery.
   */
  async requestDelete(tx: Transaction, stack: Stack, resource: StackResource, snapshot?: boolean): Promise<void> {
    const takeSnapshot = snapshot ?? this.actionFor(stack, resource) === 'snapshot';
    const hooks = this.hooks.of(resource.resourceType);
    if (hooks.handleDelete) return hooks.handleDelete(tx, stack, resource, takeSnapshot);
    await this.requests.delete(tx, stack, resource, { snapshot: takeSnapshot });
  }

  /**
   * Asks for the deletion of each resource, following its DeletionPolicy (and DeleteStack's RetainResources): a
   * kept resource is DELETE_SKIPPED at once. Returns how many were skipped, since what they depend on may now be
   * deletable.
   */
  private async startDeletes(tx: Transaction, stack: Stack, resources: StackResource[]): Promise<number> {
    let skipped = 0;
    for (const resource of resources) {
      const action = this.actionFor(stack, resource);
      if (action === 'retain') {
        await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteSkipped, null, {
          phase: null,
          deadline: null,
        });
        skipped++;
        continue;
      }
      await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteInProgress, null, {
        operationId: newId(),
        phase: null,
        deadline: null,
      });
      await this.requestDelete(tx, stack, resource, action === 'snapshot');
    }
    return skipped;
  }

  private actionFor(stack: Stack, resource: StackResource) {
    return teardownActionFor(stack.template as TemplateDocument, resource.logicalId, {
      rollingBackCreate: stack.status === StackStatus.RollbackInProgress,
      retainResources: stack.retainResources ?? [],
    });
  }
}
