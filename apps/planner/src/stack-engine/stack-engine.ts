import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ResourceCreateRequested, ResourceDeleteRequested, StackStatusChanged } from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { DependencyGraph, evaluate, resolveOutputs, TemplateDocument } from '@cfn/template';
import { StackEventWriter } from './stack-event-writer';
import { includedResources, stackEvaluationContext } from './stack-evaluation';
import { ResourceStatus, StackStatus, TEARDOWN_STATUSES } from './statuses';

/**
 * The stack state machine. Every handler records its event's effect, then calls `advance`, which looks at the
 * whole stack (under the stack row's lock) and takes every step that is now possible: start resources whose
 * dependencies completed, tear down in reverse dependency order, or settle the stack's final status.
 * Because it derives the next steps from stored state alone, a redelivered or late message cannot start
 * anything twice, and a planner that restarts picks up where the last one stopped.
 */
@Injectable()
export class StackEngine {
  private readonly logger = new Logger(StackEngine.name);
  private readonly events = new StackEventWriter();
  private readonly graphs = new Map<string, DependencyGraph>();

  /** Locks the stack row for the rest of the transaction; null when the planner does not know the stack. */
  async lockStack(tx: Transaction, stackId: string): Promise<Stack | null> {
    return tx.manager.findOne(Stack, { where: { id: stackId }, lock: { mode: 'pessimistic_write' } });
  }

  async resourcesOf(tx: Transaction, stackId: string): Promise<StackResource[]> {
    return tx.manager.find(StackResource, { where: { stackId }, order: { id: 'ASC' } });
  }

  async setStackStatus(tx: Transaction, stack: Stack, status: string, reason: string | null): Promise<void> {
    const at = new Date();
    stack.status = status;
    stack.statusReason = reason;
    stack.updatedAt = at;
    if (status === StackStatus.DeleteComplete) stack.deletedAt = at;
    await tx.manager.update(Stack, { id: stack.id }, {
      status, statusReason: reason, updatedAt: at, deletedAt: stack.deletedAt, outputs: stack.outputs,
      version: () => 'version + 1',
    });
    await this.events.forStack(tx.manager, stack, status, reason, at);
    await tx.publish(StackStatusChanged, {
      stackId: stack.id, stackName: stack.name, accountId: stack.accountId, status, reason, at: at.toISOString(),
    }, stack.id);
    this.logger.log(`stack ${stack.name} (${stack.id}) ${status}${reason ? `: ${reason}` : ''}`);
  }

  async setResourceStatus(
    tx: Transaction, stack: Stack, resource: StackResource, status: string, reason: string | null,
    changes: Partial<StackResource> = {},
  ): Promise<void> {
    const at = new Date();
    Object.assign(resource, changes, { status, statusReason: reason, updatedAt: at });
    await tx.manager.update(StackResource, { id: resource.id }, {
      ...changes, status, statusReason: reason, updatedAt: at,
    });
    await this.events.forResource(tx.manager, stack, resource, at);
  }

  /** Takes every step the stack's current state allows. */
  async advance(tx: Transaction, stack: Stack, resources?: StackResource[]): Promise<void> {
    const all = resources ?? (await this.resourcesOf(tx, stack.id));
    if (stack.status === StackStatus.CreateInProgress) await this.advanceCreate(tx, stack, all);
    else if (TEARDOWN_STATUSES.has(stack.status)) await this.advanceTeardown(tx, stack, all);
    else if (stack.status === StackStatus.CreateFailed) return;
  }

  /**
   * The stack's dependency graph. Every outcome message re-reads the stack, so graphs are memoised by the
   * template's content and the resources present: a 100-resource stack does not rebuild its graph 100 times.
   */
  private graph(stack: Stack, resources: StackResource[]): DependencyGraph {
    const ids = resources.map((resource) => resource.logicalId);
    const key = createHash('sha1').update(JSON.stringify(stack.template)).update(ids.join('\n')).digest('hex');
    let graph = this.graphs.get(key);
    if (!graph) {
      const present = new Set(ids);
      graph = new DependencyGraph(stack.template as TemplateDocument, { include: (id) => present.has(id) });
      if (this.graphs.size >= 500) this.graphs.delete(this.graphs.keys().next().value!);
      this.graphs.set(key, graph);
    }
    return graph;
  }

  private async advanceCreate(tx: Transaction, stack: Stack, resources: StackResource[]): Promise<void> {
    const failed = resources.filter((resource) => resource.status === ResourceStatus.CreateFailed);
    if (failed.length > 0) return this.failCreate(tx, stack, resources, failed);

    const graph = this.graph(stack, resources);
    const completed = new Set(resources.filter((r) => r.status === ResourceStatus.CreateComplete).map((r) => r.logicalId));
    const started = new Set(resources.filter((r) => r.status !== null).map((r) => r.logicalId));
    const byId = new Map(resources.map((resource) => [resource.logicalId, resource]));
    const ctx = stackEvaluationContext(stack, resources);

    for (const logicalId of graph.readyToCreate(completed, started)) {
      const resource = byId.get(logicalId)!;
      const definition = (stack.template as TemplateDocument).Resources[logicalId];
      let properties: Record<string, unknown>;
      try {
        properties = (evaluate(definition.Properties ?? {}, ctx) ?? {}) as Record<string, unknown>;
      } catch (error) {
        await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, (error as Error).message);
        return this.advanceCreate(tx, stack, resources);
      }
      const operationId = newId();
      await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateInProgress, null, { properties, operationId });
      await tx.publish(ResourceCreateRequested, {
        operationId, stackId: stack.id, stackName: stack.name, accountId: stack.accountId, region: stack.region,
        logicalId, resourceType: resource.resourceType, properties,
      }, stack.id);
    }

    if (resources.every((resource) => resource.status === ResourceStatus.CreateComplete)) {
      try {
        stack.outputs = resolveOutputs(stack.template as TemplateDocument, ctx);
      } catch (error) {
        return this.failCreate(tx, stack, resources, [], `Output resolution failed: ${(error as Error).message}`);
      }
      await this.setStackStatus(tx, stack, StackStatus.CreateComplete, null);
    }
  }

  private async failCreate(
    tx: Transaction, stack: Stack, resources: StackResource[], failed: StackResource[], reason?: string,
  ): Promise<void> {
    const why = reason ?? `The following resource(s) failed to create: [${failed.map((r) => r.logicalId).join(', ')}]. `;
    if (stack.disableRollback) {
      // Without rollback the stack settles once nothing is in flight, keeping what was made.
      if (!resources.some((resource) => resource.status === ResourceStatus.CreateInProgress)) {
        await this.setStackStatus(tx, stack, StackStatus.CreateFailed, why);
      }
      return;
    }
    await this.setStackStatus(tx, stack, StackStatus.RollbackInProgress, `${why}Rollback requested by user.`);
    await this.advanceTeardown(tx, stack, resources);
  }

  /**
   * Deletes what exists in reverse dependency order. A resource still being created is waited for (its
   * outcome message brings the planner back here); one whose create failed without a cloud object is
   * simply marked deleted.
   */
  private async advanceTeardown(tx: Transaction, stack: Stack, resources: StackResource[]): Promise<void> {
    const graph = this.graph(stack, resources);
    for (const resource of resources) {
      const nothingToRemove = resource.status === ResourceStatus.CreateFailed && !resource.physicalId;
      if (nothingToRemove) await this.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteComplete, null);
    }
    const isPresent = (r: StackResource) =>
      r.status === ResourceStatus.CreateInProgress || r.status === ResourceStatus.CreateComplete ||
      r.status === ResourceStatus.CreateFailed || r.status === ResourceStatus.DeleteInProgress ||
      r.status === ResourceStatus.DeleteFailed;
    const present = new Set(resources.filter(isPresent).map((r) => r.logicalId));
    const blocked = new Set(resources
      // A resource whose delete failed in this run stays (and keeps what it depends on); DeleteStack retries it.
      .filter((r) => r.status === ResourceStatus.CreateInProgress || r.status === ResourceStatus.DeleteInProgress ||
        r.status === ResourceStatus.DeleteFailed)
      .map((r) => r.logicalId));
    const byId = new Map(resources.map((resource) => [resource.logicalId, resource]));

    for (const logicalId of graph.readyToDelete(new Set(), blocked, present)) {
      const resource = byId.get(logicalId)!;
      const operationId = newId();
      await this.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteInProgress, null, { operationId });
      await tx.publish(ResourceDeleteRequested, {
        operationId, stackId: stack.id, stackName: stack.name, accountId: stack.accountId, region: stack.region,
        logicalId, resourceType: resource.resourceType, physicalId: resource.physicalId,
        properties: resource.properties ?? {},
      }, stack.id);
    }

    const inFlight = resources.some((r) =>
      r.status === ResourceStatus.CreateInProgress || r.status === ResourceStatus.DeleteInProgress);
    if (inFlight) return;
    const deleteFailed = resources.filter((r) => r.status === ResourceStatus.DeleteFailed);
    const rollingBack = stack.status === StackStatus.RollbackInProgress;
    if (deleteFailed.length > 0) {
      const reason = `The following resource(s) failed to delete: [${deleteFailed.map((r) => r.logicalId).join(', ')}]. `;
      await this.setStackStatus(tx, stack, rollingBack ? StackStatus.RollbackFailed : StackStatus.DeleteFailed, reason);
    } else {
      await this.setStackStatus(tx, stack, rollingBack ? StackStatus.RollbackComplete : StackStatus.DeleteComplete, null);
    }
  }

  /** Resource rows for a new stack: one per resource whose Condition holds, not yet started. */
  newResourceRows(stack: Stack): Array<Partial<StackResource>> {
    const template = stack.template as TemplateDocument;
    return includedResources(stack).map((logicalId) => ({
      stackId: stack.id,
      logicalId,
      resourceType: template.Resources[logicalId].Type,
      status: null,
      updatedAt: new Date(),
    }));
  }
}
