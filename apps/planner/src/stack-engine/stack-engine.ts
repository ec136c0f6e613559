import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { NESTED_STACK_TYPE, ResourcePropertyError, ResourceRegistry, waitConditionSettings } from '@cfn/resources';
import { ResourceCreateRequested, ResourceDeleteRequested, StackCreationContinued, StackStatusChanged } from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { insertRows, Stack, StackResource } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { DependencyGraph, evaluate, resolveOutputs, TemplateDocument } from '@cfn/template';
import { In, IsNull } from 'typeorm';
import { requestNestedStack, requestNestedStackDeletion } from '../nested-stacks/nested-stack-requests';
import { StackEventWriter } from './stack-event-writer';
import { ResourceRowCache } from './resource-row-cache';
import { ResourceRowWrites } from './resource-row-writes';
import { StackWriteBuffer } from './stack-write-buffer';
import { includedResources, noEchoPathsOf, stackEvaluationContext } from './stack-evaluation';
import { StackTemplateCache, templateHashOf } from './stack-template-cache';
import { ResourceStatus, StackStatus, TEARDOWN_STATUSES } from './statuses';
import { StackExports } from '../exports/stack-exports';
import {
  CREATE_TIMED_OUT, CREATION_CANCELLED, failureFollowUp, teardownActionFor,
} from '../stack-lifecycle/failure-policy';
import { stackScopeOf } from './stack-scope';

/** The passes of other life-cycle operations (stack updates) the engine hands a stack to, by stack status. */
export interface StackPass {
  handles(status: string): boolean;
  advance(tx: Transaction, stack: Stack, resources: StackResource[]): Promise<void>;
}
import { withLaunchConfiguration } from '../auto-scaling/launch-configuration-of';

/**
 * Resources the first transaction of a stack's creation starts at most; the rest ready then are started by the
 * transaction that follows (stack.creation.continued.v1, ADR 47). The first of a large stack's requests then reach
 * the provisioner while the planner is still starting the others, instead of after all of them.
 */
const FIRST_STARTS = 100;

/** Resource rows written with one statement at most (bounds a statement's size). */
const RESOURCES_PER_INSERT = 500;

/** Columns of `stacks` read under the lock: everything but the (large) template, which comes from the cache. */
const STACK_COLUMNS: Array<keyof Stack> = [
  'id', 'arn', 'name', 'accountId', 'owner', 'region', 'status', 'statusReason', 'parameters', 'noEchoParameters', 'availabilityZones', 'tags',
  'outputs', 'disableRollback', 'createdAt', 'updatedAt', 'deletedAt', 'version', 'templateHash', 'incompleteResources',
  'onFailure', 'createDeadline', 'retainResources', 'clientRequestToken', 'importedValues',
  'updateVersion', 'templateVersion', 'updateState', 'lastUpdatedAt',
];

/**
 * The stack state machine. Every handler locks the stack row, records its event's effect, then lets the engine
 * take every step that is now possible: start resources whose dependencies completed, tear down in reverse
 * dependency order, or settle the stack's final status. Next steps are derived from stored state, so a
 * redelivered or late message cannot start anything twice, and a restarted planner picks up where it stopped.
 *
 * The common outcomes (a resource created while the stack is being created, a resource deleted during teardown)
 * are handled incrementally: only the resource's neighbours in the graph are read, so their cost follows the
 * resource's dependants, not the size of the stack. Everything else takes the full pass (`advance`).
 */
@Injectable()
export class StackEngine {
  private readonly logger = new Logger(StackEngine.name);
  private readonly events = new StackEventWriter();
  private readonly templates = new StackTemplateCache();
  readonly exports = new StackExports();
  private readonly passes: StackPass[] = [];

  constructor(@Optional() @Inject(ResourceRegistry) private readonly registry: ResourceRegistry = ResourceRegistry.default()) {}

  /** Lets another life-cycle operation (the stack update) take the stack in the statuses it handles. */
  addPass(pass: StackPass): void {
    this.passes.push(pass);
  }

  /** Locks the stack row for the rest of the transaction; null when the planner does not know the stack. */
  async lockStack(tx: Transaction, stackId: string): Promise<Stack | null> {
    await StackWriteBuffer.settleCount(tx, stackId);
    const stack = await tx.manager.findOne(Stack, {
      where: { id: stackId }, select: STACK_COLUMNS, lock: { mode: 'pessimistic_write' },
    });
    if (stack) stack.template = (await this.templates.get(tx.manager, stack)).template as unknown as Record<string, unknown>;
    return stack;
  }

  async resourcesOf(tx: Transaction, stackId: string): Promise<StackResource[]> {
    return tx.manager.find(StackResource, { where: { stackId }, order: { id: 'ASC' } });
  }

  async resource(tx: Transaction, stackId: string, logicalId: string): Promise<StackResource | null> {
    return ResourceRowCache.get(tx, stackId, logicalId) ?? tx.manager.findOneBy(StackResource, { stackId, logicalId });
  }

  /** Logical ids of the stack's resources (those whose Condition holds). */
  async resourceIds(tx: Transaction, stack: Stack): Promise<string[]> {
    return (await this.graph(tx, stack)).resources();
  }

  /** Stores a new stack and its not-yet-started resource rows (one per resource whose Condition holds). */
  async insertStack(tx: Transaction, stack: Stack): Promise<void> {
    const logicalIds = includedResources(stack);
    stack.templateHash = templateHashOf(stack.template, stack.parameters);
    stack.incompleteResources = logicalIds.length;
    await tx.manager.insert(Stack, stack);
    const template = stack.template as TemplateDocument;
    if (logicalIds.length === 0) return;
    const at = new Date();
    for (let start = 0; start < logicalIds.length; start += RESOURCES_PER_INSERT) {
      await insertRows(tx.manager, StackResource, logicalIds.slice(start, start + RESOURCES_PER_INSERT).map((logicalId) => ({
        stackId: stack.id, logicalId, resourceType: template.Resources[logicalId].Type, status: null, updatedAt: at,
      })));
    }
  }

  async setStackStatus(tx: Transaction, stack: Stack, status: string, reason: string | null): Promise<void> {
    const at = new Date();
    stack.status = status;
    stack.statusReason = reason;
    stack.updatedAt = at;
    if (status === StackStatus.DeleteComplete) stack.deletedAt = at;
    if (status === StackStatus.DeleteComplete || status === StackStatus.RollbackComplete) await this.exports.release(tx, stack);
    // Harmless if the transaction rolls back: the template is read again when next asked for.
    if (status === StackStatus.DeleteComplete) this.templates.forget(stack.id);
    await tx.manager.update(Stack, { id: stack.id }, {
      status, statusReason: reason, updatedAt: at, deletedAt: stack.deletedAt, outputs: stack.outputs,
      version: () => 'version + 1',
    });
    this.events.forStack(tx, stack, status, reason, at);
    await tx.publish(StackStatusChanged, {
      stackId: stack.id, stackName: stack.name, accountId: stack.accountId, status, reason, at: at.toISOString(),
      ...(stack.owner ? { owner: stack.owner } : {}),
    }, stack.id);
    this.logger.log(`stack ${stack.name} (${stack.id}) ${status}${reason ? `: ${reason}` : ''}`);
  }

  async setResourceStatus(
    tx: Transaction, stack: Stack, resource: StackResource, status: string, reason: string | null,
    changes: Partial<StackResource> = {},
  ): Promise<void> {
    const at = new Date();
    const wasComplete = resource.status === ResourceStatus.CreateComplete;
    Object.assign(resource, changes, { status, statusReason: reason, updatedAt: at });
    await this.updateOwnRow(tx, resource, { ...changes, status, statusReason: reason, updatedAt: at });
    this.events.forResource(tx, stack, resource, at);
    const delta = (status === ResourceStatus.CreateComplete ? -1 : 0) + (wasComplete ? 1 : 0);
    if (delta !== 0) {
      stack.incompleteResources += delta;
      StackWriteBuffer.addToIncompleteCount(tx, stack.id, delta);
    }
  }

  /**
   * Writes changes `resource` already carries to its row (which keeps a cached copy of the row true). The write is
   * queued and goes out with the transaction's next statement, together with the other rows changed meanwhile.
   */
  private async updateOwnRow(tx: Transaction, resource: StackResource, changes: Partial<StackResource>): Promise<void> {
    ResourceRowCache.ownWrite(tx, resource);
    ResourceRowWrites.add(tx, resource.id, changes);
  }

  /** After a resource reached CREATE_COMPLETE: start its dependants that are now ready, or finish the stack. */
  async afterResourceCreated(tx: Transaction, stack: Stack, created: StackResource): Promise<void> {
    const incremental = stack.status === StackStatus.CreateInProgress && !stack.disableRollback && stack.incompleteResources > 0;
    if (!incremental) return this.advance(tx, stack);
    const graph = await this.graph(tx, stack);
    const dependants = graph.dependentsOf(created.logicalId);
    if (dependants.length === 0) return;
    const neighbourhood = new Set(dependants.flatMap((id) => [id, ...graph.dependenciesOf(id)]));
    const rows = await tx.manager.find(StackResource, { where: { stackId: stack.id, logicalId: In([...neighbourhood]) } });
    const byId = new Map(rows.map((row) => [row.logicalId, row]));
    const ready = dependants.filter((id) => byId.get(id)?.status === null &&
      graph.dependenciesOf(id).every((dependency) => byId.get(dependency)?.status === ResourceStatus.CreateComplete));
    const { failed, waiting } = await this.startCreates(tx, stack, rows, ready);
    if (failed) return this.advance(tx, stack);
    for (const waitCondition of waiting) await this.checkWaitCondition(tx, stack, waitCondition);
  }

  /** After a resource reached DELETE_COMPLETE during teardown: delete what it was keeping, or settle the stack. */
  async afterResourceDeleted(tx: Transaction, stack: Stack, deleted: StackResource): Promise<void> {
    if (!TEARDOWN_STATUSES.has(stack.status)) return this.advance(tx, stack);
    const graph = await this.graph(tx, stack);
    const candidates = graph.dependenciesOf(deleted.logicalId);
    if (candidates.length > 0) {
      const neighbourhood = new Set(candidates.flatMap((id) => [id, ...graph.dependentsOf(id)]));
      const rows = await tx.manager.find(StackResource, { where: { stackId: stack.id, logicalId: In([...neighbourhood]) } });
      const byId = new Map(rows.map((row) => [row.logicalId, row]));
      const deletable = candidates.filter((id) => isDeletable(byId.get(id)) &&
        graph.dependentsOf(id).every((dependent) => !isPresent(byId.get(dependent))));
      const skipped = await this.startDeletes(tx, stack, deletable.map((id) => byId.get(id)!));
      if (skipped > 0) return this.advance(tx, stack);
    }
    const inFlight = await tx.manager.count(StackResource, {
      where: [
        { stackId: stack.id, status: ResourceStatus.DeleteInProgress },
        { stackId: stack.id, status: ResourceStatus.CreateInProgress, phase: IsNull() },
        { stackId: stack.id, status: ResourceStatus.CreateInProgress, phase: 'CONFIGURING' },
        { stackId: stack.id, status: ResourceStatus.CreateFailed, phase: 'CANCELLED' },
      ],
    });
    if (inFlight === 0) await this.advance(tx, stack);
  }

  /**
   * The provisioner finished a create the stack's timeout had cancelled: the resource stays CREATE_FAILED (its
   * event was written when it was cancelled) but now names what was made, so the teardown removes it.
   */
  async cancelledCreateSettled(
    tx: Transaction, stack: Stack, resource: StackResource, physicalId: string | null, attributes: Record<string, unknown> | null,
  ): Promise<void> {
    Object.assign(resource, { phase: null, physicalId: physicalId ?? resource.physicalId, attributes: attributes ?? resource.attributes });
    await this.updateOwnRow(tx, resource, { phase: null, physicalId: resource.physicalId, attributes: resource.attributes });
    await this.advance(tx, stack);
  }

  /** The full pass: takes every step the stack's current state allows. */
  async advance(tx: Transaction, stack: Stack, resources?: StackResource[]): Promise<void> {
    const all = resources ?? (await this.resourcesOf(tx, stack.id));
    if (stack.status === StackStatus.CreateInProgress) await this.advanceCreate(tx, stack, all);
    else if (TEARDOWN_STATUSES.has(stack.status)) await this.advanceTeardown(tx, stack, all);
    else await this.passes.find((pass) => pass.handles(stack.status))?.advance(tx, stack, all);
  }

  async graph(tx: Transaction, stack: Stack): Promise<DependencyGraph> {
    return (await this.templates.get(tx.manager, stack)).graph;
  }

  private async advanceCreate(tx: Transaction, stack: Stack, resources: StackResource[]): Promise<void> {
    const failures = resources.filter((resource) => resource.status === ResourceStatus.CreateFailed);
    if (failures.length > 0) return this.failCreate(tx, stack, resources, failures);

    const graph = await this.graph(tx, stack);
    const completed = new Set(resources.filter((r) => r.status === ResourceStatus.CreateComplete).map((r) => r.logicalId));
    const started = new Set(resources.filter((r) => r.status !== null).map((r) => r.logicalId));
    const ready = graph.readyToCreate(completed, started);
    const startingNow = started.size === 0 ? ready.slice(0, FIRST_STARTS) : ready;
    const { failed, waiting } = await this.startCreates(tx, stack, resources, startingNow);
    if (failed) return this.advanceCreate(tx, stack, resources);
    if (startingNow.length < ready.length) await tx.publish(StackCreationContinued, { stackId: stack.id }, stack.id);
    if (resources.every((resource) => resource.status === ResourceStatus.CreateComplete)) {
      try {
        stack.outputs = resolveOutputs(stack.template as TemplateDocument, stackEvaluationContext(stack, resources));
      } catch (error) {
        return this.failCreate(tx, stack, resources, [], `Output resolution failed: ${(error as Error).message}`);
      }
      const exported = (stack.outputs ?? []).filter((output) => output.ExportName !== undefined)
        .map((output) => ({ name: output.ExportName!, value: output.OutputValue }));
      const taken = await this.exports.publish(tx, stack, exported);
      if (taken) {
        stack.outputs = null;
        return this.failCreate(tx, stack, resources, [],
          `Export with name ${taken.name} is already exported by stack ${taken.exportingStack}. `);
      }
      await this.setStackStatus(tx, stack, StackStatus.CreateComplete, null);
      return;
    }
    // Signals may have come before the wait condition started (an instance signals as soon as it boots).
    for (const waitCondition of waiting) await this.checkWaitCondition(tx, stack, waitCondition);
  }

  /**
   * A wait condition completes when its handle has Count SUCCESS signals (attribute Data: {UniqueId: Data}) and
   * fails on the first FAILURE signal, as AWS's do.
   */
  async checkWaitCondition(tx: Transaction, stack: Stack, resource: StackResource): Promise<void> {
    if (resource.status !== ResourceStatus.CreateInProgress || resource.phase !== 'AWAITING_SIGNALS') return;
    const { count } = waitConditionSettings(resource.properties ?? {});
    const signals = await this.signalsFor(tx, stack, resource);
    const failure = signals.find((signal) => signal.status === 'FAILURE');
    if (failure) {
      await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed,
        `WaitCondition received failed message: '${failure.reason}' for uniqueId: ${failure.unique_id}`, { phase: null, deadline: null });
      return this.advance(tx, stack);
    }
    const successes = signals.filter((signal) => signal.status === 'SUCCESS');
    if (successes.length < count) return;
    await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateComplete, null, {
      phase: null,
      deadline: null,
      physicalId: String(resource.properties?.Handle ?? ''),
      attributes: { Data: JSON.stringify(Object.fromEntries(successes.map((signal) => [signal.unique_id, signal.data]))) },
    });
    await this.afterResourceCreated(tx, stack, resource);
  }

  /** A wait condition whose Timeout passed without enough signals fails, and the stack follows OnFailure. */
  async timeOutWaitCondition(tx: Transaction, stack: Stack, resource: StackResource): Promise<void> {
    if (resource.status !== ResourceStatus.CreateInProgress || resource.phase !== 'AWAITING_SIGNALS') return;
    const { count } = waitConditionSettings(resource.properties ?? {});
    const received = (await this.signalsFor(tx, stack, resource)).filter((signal) => signal.status === 'SUCCESS').length;
    await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed,
      `WaitCondition timed out. Received ${received} conditions when expecting ${count}`, { phase: null, deadline: null });
    await this.advance(tx, stack);
  }

  private async signalsFor(tx: Transaction, stack: Stack, resource: StackResource): Promise<StoredSignal[]> {
    const { handleLogicalId } = waitConditionSettings(resource.properties ?? {});
    return tx.manager.query(
      'SELECT unique_id, status, reason, data FROM stack_signals WHERE stack_id = ? AND handle_logical_id = ? ORDER BY received_at',
      [stack.id, handleLogicalId],
    );
  }

  /**
   * Evaluates the properties of each ready resource (with the attributes of `known` resources) and asks the
   * provisioner to create it. Returns true when a resource's properties could not be evaluated (it is then
   * CREATE_FAILED and the caller must take the failure path).
   */
  async startCreates(
    tx: Transaction, stack: Stack, known: StackResource[], ready: string[],
  ): Promise<{ failed: boolean; waiting: StackResource[] }> {
    const waiting: StackResource[] = [];
    if (ready.length === 0) return { failed: false, waiting };
    const byId = new Map(known.map((resource) => [resource.logicalId, resource]));
    const ctx = stackEvaluationContext(stack, known);
    for (const logicalId of ready) {
      const resource = byId.get(logicalId)!;
      const definition = (stack.template as TemplateDocument).Resources[logicalId];
      let properties: Record<string, unknown>;
      try {
        properties = (evaluate(definition.Properties ?? {}, ctx) ?? {}) as Record<string, unknown>;
        properties = withLaunchConfiguration(resource.resourceType, properties, known);
      } catch (error) {
        await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, (error as Error).message);
        return { failed: true, waiting };
      }
      const operationId = newId();
      if (resource.resourceType === NESTED_STACK_TYPE) {
        // The api creates the child stack; its settling status becomes this resource's outcome.
        try {
          const { stackArn, deadline } = await requestNestedStack(tx, stack, resource, properties, operationId);
          await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateInProgress, null, {
            properties, operationId, deadline, physicalId: stackArn,
          });
        } catch (error) {
          if (!(error instanceof ResourcePropertyError)) throw error;
          await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, error.message);
          return { failed: true, waiting };
        }
        continue;
      }
      if (this.registry.get(resource.resourceType)?.executor === 'planner') {
        // A wait condition: the planner itself waits for its signals, until its deadline.
        let timeoutSeconds: number;
        try {
          timeoutSeconds = waitConditionSettings(properties).timeoutSeconds;
        } catch (error) {
          await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, (error as Error).message);
          return { failed: true, waiting };
        }
        await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateInProgress, null, {
          properties, operationId, phase: 'AWAITING_SIGNALS', deadline: new Date(Date.now() + timeoutSeconds * 1000),
        });
        waiting.push(resource);
        continue;
      }
      // Queued, not sent (ResourceRowWrites): 500 resources started together cost a few multi-row UPDATEs.
      await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateInProgress, null, { properties, operationId });
      await this.requestCreate(tx, stack, resource);
    }
    return { failed: false, waiting };
  }

  async failCreate(
    tx: Transaction, stack: Stack, resources: StackResource[], failed: StackResource[], reason?: string,
  ): Promise<void> {
    const why = reason ?? `The following resource(s) failed to create: [${failed.map((r) => r.logicalId).join(', ')}]. `;
    if (stack.disableRollback) {
      // Without rollback the stack settles once nothing is in flight, keeping what was made.
      if (!resources.some((resource) => resource.status === ResourceStatus.CreateInProgress || resource.phase === 'CANCELLED')) {
        await this.setStackStatus(tx, stack, StackStatus.CreateFailed, why);
      }
      return;
    }
    await this.setStackStatus(tx, stack, StackStatus.RollbackInProgress, `${why}${failureFollowUp(stack)}`);
    await this.advanceTeardown(tx, stack, resources);
  }

  /**
   * TimeoutInMinutes passed while the stack was still being created: whatever is being made fails ("Resource
   * creation cancelled") and the stack follows OnFailure. A resource a provisioner is still making stays
   * CANCELLED until its outcome names what was made, so the teardown removes it instead of leaking it.
   */
  async timeOutCreate(tx: Transaction, stack: Stack): Promise<void> {
    if (stack.status !== StackStatus.CreateInProgress) return;
    const resources = await this.resourcesOf(tx, stack.id);
    for (const resource of resources.filter((r) => r.status === ResourceStatus.CreateInProgress)) {
      const stillMaking = resource.phase === null;
      await this.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, CREATION_CANCELLED,
        { phase: stillMaking ? 'CANCELLED' : null, deadline: null });
    }
    await this.failCreate(tx, stack, resources, [], CREATE_TIMED_OUT);
  }

  /**
   * Deletes what exists in reverse dependency order. A resource still being created is waited for (its
   * outcome message brings the planner back here); one whose create failed without a cloud object is
   * simply marked deleted.
   */
  private async advanceTeardown(tx: Transaction, stack: Stack, resources: StackResource[]): Promise<void> {
    const graph = await this.graph(tx, stack);
    for (const resource of resources) {
      const nothingToRemove = resource.status === ResourceStatus.CreateFailed && !resource.physicalId && resource.phase !== 'CANCELLED';
      if (nothingToRemove) await this.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteComplete, null);
    }
    const present = new Set(resources.filter(isPresent).map((r) => r.logicalId));
    const deletable = resources.filter((r) => isDeletable(r) &&
      graph.dependentsOf(r.logicalId).every((dependent) => !present.has(dependent)));
    if ((await this.startDeletes(tx, stack, deletable)) > 0) return this.advanceTeardown(tx, stack, resources);

    if (resources.some(isInFlight)) return;
    const deleteFailed = resources.filter((r) => r.status === ResourceStatus.DeleteFailed);
    const rollingBack = stack.status === StackStatus.RollbackInProgress;
    if (deleteFailed.length > 0) {
      const reason = `The following resource(s) failed to delete: [${deleteFailed.map((r) => r.logicalId).join(', ')}]. `;
      await this.setStackStatus(tx, stack, rollingBack ? StackStatus.RollbackFailed : StackStatus.DeleteFailed, reason);
    } else {
      await this.setStackStatus(tx, stack, rollingBack ? StackStatus.RollbackComplete : StackStatus.DeleteComplete, null);
      if (rollingBack && stack.onFailure === 'DELETE') {
        // OnFailure DELETE: the rolled-back stack is then deleted (nothing is left to remove but the stack).
        await this.setStackStatus(tx, stack, StackStatus.DeleteInProgress, null);
        await this.setStackStatus(tx, stack, StackStatus.DeleteComplete, null);
      }
    }
  }

  /**
   * Asks the provisioner to delete each resource, following its DeletionPolicy (and DeleteStack's
   * RetainResources): a kept resource is DELETE_SKIPPED at once. Returns how many were skipped, since what they
   * depend on may now be deletable.
   */
  private async startDeletes(tx: Transaction, stack: Stack, resources: StackResource[]): Promise<number> {
    let skipped = 0;
    const context = {
      rollingBackCreate: stack.status === StackStatus.RollbackInProgress, retainResources: stack.retainResources ?? [],
    };
    for (const resource of resources) {
      const action = teardownActionFor(stack.template as TemplateDocument, resource.logicalId, context);
      if (action === 'retain') {
        await this.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteSkipped, null, { phase: null, deadline: null });
        skipped++;
        continue;
      }
      const operationId = newId();
      await this.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteInProgress, null, { operationId, phase: null, deadline: null });
      await this.requestDelete(tx, stack, resource, action === 'snapshot');
    }
    return skipped;
  }

  /**
   * Asks the provisioner to create the resource as its stored attempt (operation id, evaluated properties) says.
   * Sent again unchanged when the planner re-sends stalled work: the provisioner recognises the operation.
   */
  async requestCreate(tx: Transaction, stack: Stack, resource: StackResource): Promise<void> {
    const properties = resource.properties ?? {};
    await tx.publish(ResourceCreateRequested, {
      operationId: resource.operationId!, stackId: stack.id, stackName: stack.name, accountId: stack.accountId, region: stack.region,
      logicalId: resource.logicalId, resourceType: resource.resourceType, properties, noEchoPaths: noEchoPathsOf(stack, properties),
      ...stackScopeOf(stack),
    }, stack.id);
  }

  /**
   * Asks for the resource's deletion, for its stored attempt (see requestCreate): a nested stack's through the api,
   * anything else through the provisioner (with a snapshot first under DeletionPolicy Snapshot).
   */
  async requestDelete(tx: Transaction, stack: Stack, resource: StackResource, snapshot?: boolean): Promise<void> {
    if (resource.resourceType === NESTED_STACK_TYPE) return requestNestedStackDeletion(tx, stack, resource, resource.operationId!);
    const takeSnapshot = snapshot ?? teardownActionFor(stack.template as TemplateDocument, resource.logicalId, {
      rollingBackCreate: stack.status === StackStatus.RollbackInProgress, retainResources: stack.retainResources ?? [],
    }) === 'snapshot';
    await tx.publish(ResourceDeleteRequested, {
      operationId: resource.operationId!, stackId: stack.id, stackName: stack.name, accountId: stack.accountId, region: stack.region,
      logicalId: resource.logicalId, resourceType: resource.resourceType, physicalId: resource.physicalId,
      properties: resource.properties ?? {}, noEchoPaths: noEchoPathsOf(stack, resource.properties ?? {}),
      ...(takeSnapshot ? { deletionPolicy: 'Snapshot' as const } : {}),
      ...stackScopeOf(stack),
    }, stack.id);
  }
}

/** Still has (or may yet have) something in the cloud. */
function isPresent(resource: StackResource | undefined): boolean {
  return resource !== undefined && resource.status !== null &&
    resource.status !== ResourceStatus.DeleteComplete && resource.status !== ResourceStatus.DeleteSkipped;
}

/**
 * Can be asked to delete now: made (or failed with a cloud object) and not in flight. A resource whose delete
 * failed in this run stays, and keeps what it depends on; a second DeleteStack tries it again.
 */
function isDeletable(resource: StackResource | undefined): boolean {
  return resource !== undefined &&
    ((resource.status === ResourceStatus.CreateComplete || resource.status === ResourceStatus.CreateFailed ||
      resource.status === ResourceStatus.UpdateComplete || resource.status === ResourceStatus.UpdateFailed ||
      isAwaitingGroup(resource)) && resource.phase !== 'CANCELLED');
}

/**
 * Waiting for something outside any worker: the other members of its configuration group, or a wait condition's
 * signals. Nothing is in flight, so a teardown removes it without waiting for an outcome.
 */
function isAwaitingGroup(resource: StackResource): boolean {
  return resource.status === ResourceStatus.CreateInProgress &&
    (resource.phase === 'AWAITING_GROUP' || resource.phase === 'AWAITING_SIGNALS');
}

/** A provisioner or the configurator is working on it; its outcome will bring the planner back. */
function isInFlight(resource: StackResource): boolean {
  return resource.status === ResourceStatus.DeleteInProgress || resource.phase === 'CANCELLED' ||
    resource.status === ResourceStatus.UpdateInProgress ||
    (resource.status === ResourceStatus.CreateInProgress && !isAwaitingGroup(resource));
}

interface StoredSignal {
  unique_id: string;
  status: 'SUCCESS' | 'FAILURE';
  reason: string;
  data: string;
}
