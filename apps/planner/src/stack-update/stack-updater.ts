import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  ResourceConfigureRequested, ResourceCreateRequested, ResourceDeleteRequested, ResourceUpdateRequested, StackUpdateRejectedV1, StackUpdateValidatedV1,
} from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { ResourceSnapshot, Stack, StackResource, StackUpdateState } from '@cfn/persistence';
import { resourceChange, ResourceRegistry } from '@cfn/resources';
import { withLaunchConfiguration } from '../auto-scaling/launch-configuration-of';
import { newId } from '@cfn/runtime';
import { DependencyGraph, evaluate, resolveOutputs, TemplateDocument } from '@cfn/template';
import { StackEngine, StackPass } from '../stack-engine/stack-engine';
import { StackEventWriter } from '../stack-engine/stack-event-writer';
import { includedResources, noEchoPathsOf, stackEvaluationContext } from '../stack-engine/stack-evaluation';
import { templateHashOf } from '../stack-engine/stack-template-cache';
import { COMPLETE_RESOURCE_STATUSES, ResourceStatus, StackStatus } from '../stack-engine/statuses';
import { REPLACEMENT_REASON, UPDATABLE_STATUSES, UPDATE_STATUSES } from './update-statuses';
import { configurationRequestOf, needsConfiguration } from '../configuration/configuration-request';
import { stackScopeOf } from '../stack-engine/stack-scope';

/**
 * The stack update state machine (ADR 0019), driven like the create (ADR 0004): every handler locks the stack,
 * records its fact, and this pass takes every step now possible.
 *
 * Forward (UPDATE_IN_PROGRESS): in the new template's dependency order, each resource is evaluated once its
 * dependencies are settled in this update and compared with what it has: unchanged, updated in place (the
 * plugin's `update`), replaced (a new object is made; the old one stays until clean-up), or created. Then
 * UPDATE_COMPLETE_CLEANUP_IN_PROGRESS deletes the replaced objects and the removed resources, and the stack is
 * UPDATE_COMPLETE. A failure rolls back (UPDATE_ROLLBACK_IN_PROGRESS): the previous template and parameters are
 * restored, replaced resources point at their old objects again, in-place changes are reverted, and
 * UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS deletes what the update made.
 */
@Injectable()
export class StackUpdater implements StackPass {
  private readonly logger = new Logger(StackUpdater.name);
  private readonly events = new StackEventWriter();

  constructor(
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Optional() @Inject(ResourceRegistry) private readonly registry: ResourceRegistry = ResourceRegistry.default(),
  ) {
    engine.addPass(this);
  }

  handles(status: string): boolean {
    return UPDATE_STATUSES.has(status);
  }

  /** A validated update: the stack moves to the new template and the forward pass starts. */
  async begin(tx: Transaction, stack: Stack, event: StackUpdateValidatedV1): Promise<void> {
    if (event.version <= stack.updateVersion) return;
    if (!UPDATABLE_STATUSES.has(stack.status)) {
      // The api refused updates in this state; one that raced past it is dropped rather than mixed into another.
      this.logger.warn(`stack ${stack.name}: update ${event.version} dropped, the stack is ${stack.status}`);
      await this.save(tx, stack, { updateVersion: event.version });
      return;
    }
    const state: StackUpdateState = {
      version: event.version,
      disableRollback: event.disableRollback,
      previous: {
        template: stack.template, parameters: stack.parameters, noEchoParameters: stack.noEchoParameters,
        availabilityZones: stack.availabilityZones, tags: stack.tags, outputs: stack.outputs,
        templateVersion: stack.templateVersion, templateHash: stack.templateHash,
      },
      target: { template: event.template, parameters: event.parameters },
    };
    const template = event.template;
    await this.save(tx, stack, {
      clientRequestToken: event.clientRequestToken ?? null,
      template, parameters: event.parameters, noEchoParameters: event.noEchoParameters,
      availabilityZones: event.availabilityZones ?? null, tags: event.tags, templateVersion: event.version,
      updateVersion: event.version, updateState: state, lastUpdatedAt: new Date(),
      templateHash: templateHashOf(template, event.parameters),
    });
    const rows = await this.engine.resourcesOf(tx, stack.id);
    const wanted = new Set(includedResources(stack));
    const existing = new Set(rows.map((row) => row.logicalId));
    const added = [...wanted].filter((logicalId) => !existing.has(logicalId));
    if (added.length > 0) {
      await tx.manager.insert(StackResource, added.map((logicalId) => ({
        stackId: stack.id, logicalId, resourceType: (template as unknown as TemplateDocument).Resources[logicalId].Type, status: null,
        updateAction: 'Add' as const, updatedAt: new Date(),
      })));
    }
    for (const row of rows.filter((candidate) => !wanted.has(candidate.logicalId))) {
      await this.mark(tx, row, { updateAction: 'Remove' });
    }
    await this.engine.setStackStatus(tx, stack, StackStatus.UpdateInProgress, 'User Initiated');
    await this.advance(tx, stack, await this.engine.resourcesOf(tx, stack.id));
  }

  /** An update the validator refused: nothing was touched, the stack goes through rollback to where it was. */
  async reject(tx: Transaction, stack: Stack, event: StackUpdateRejectedV1): Promise<void> {
    if (event.version <= stack.updateVersion) return;
    if (!UPDATABLE_STATUSES.has(stack.status)) {
      await this.save(tx, stack, { updateVersion: event.version });
      return;
    }
    await this.save(tx, stack, { updateVersion: event.version, clientRequestToken: event.clientRequestToken ?? null });
    await this.engine.setStackStatus(tx, stack, StackStatus.UpdateInProgress, 'User Initiated');
    await this.engine.setStackStatus(tx, stack, StackStatus.UpdateRollbackInProgress, event.reason);
    await this.engine.setStackStatus(tx, stack, StackStatus.UpdateRollbackCompleteCleanupInProgress, null);
    await this.engine.setStackStatus(tx, stack, StackStatus.UpdateRollbackComplete, null);
  }

  /** CancelUpdateStack: stop starting anything new and roll back (what is in flight finishes first). */
  async cancel(tx: Transaction, stack: Stack, clientRequestToken?: string): Promise<void> {
    if (stack.status !== StackStatus.UpdateInProgress) return;
    await this.save(tx, stack, { clientRequestToken: clientRequestToken ?? null });
    await this.rollBack(tx, stack, await this.engine.resourcesOf(tx, stack.id), 'User Initiated');
  }

  /** ContinueUpdateRollback: try the rollback again; resources to skip are taken as they are. */
  async continueRollback(tx: Transaction, stack: Stack, resourcesToSkip: string[], clientRequestToken?: string): Promise<void> {
    if (stack.status !== StackStatus.UpdateRollbackFailed || !stack.updateState) return;
    await this.save(tx, stack, { clientRequestToken: clientRequestToken ?? null });
    const rows = await this.engine.resourcesOf(tx, stack.id);
    for (const row of rows.filter((r) => r.updateAction === 'RolledBack' && r.status === ResourceStatus.UpdateFailed)) {
      await this.mark(tx, row, { updateAction: 'Modify' });
    }
    await this.save(tx, stack, { updateState: { ...stack.updateState, skipped: resourcesToSkip } });
    await this.engine.setStackStatus(tx, stack, StackStatus.UpdateRollbackInProgress, 'User Initiated');
    await this.advance(tx, stack, rows);
  }

  async advance(tx: Transaction, stack: Stack, rows: StackResource[]): Promise<void> {
    switch (stack.status) {
      case StackStatus.UpdateInProgress: return this.forward(tx, stack, rows);
      case StackStatus.UpdateRollbackInProgress: return this.rollback(tx, stack, rows);
      case StackStatus.UpdateCompleteCleanupInProgress:
      case StackStatus.UpdateRollbackCompleteCleanupInProgress: return this.cleanup(tx, stack, rows);
    }
  }

  // ---- outcomes of the provisioner's work on a resource being updated ----

  /**
   * The replacement object exists: the resource now is it (the old object waits for clean-up). A VM with
   * configuration is configured first, as at create: the update goes on only once the new VM is what the template
   * says, and a failed configuration fails the update (the rollback retires the new VM).
   */
  async replacementCreated(tx: Transaction, stack: Stack, row: StackResource, made: { physicalId: string; attributes: Record<string, unknown> }) {
    if (needsConfiguration(stack.template as TemplateDocument, row.logicalId)) {
      const operationId = newId();
      await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateInProgress,
        'Resource created; configuring it over SSH', { ...made, operationId, phase: 'CONFIGURING' });
      const all = await this.engine.resourcesOf(tx, stack.id);
      await tx.publish(ResourceConfigureRequested, configurationRequestOf(stack, row, all, operationId), stack.id);
      return;
    }
    await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateComplete, null, made);
    await this.advance(tx, stack, await this.engine.resourcesOf(tx, stack.id));
  }

  async replacementFailed(tx: Transaction, stack: Stack, row: StackResource, reason: string, physicalId: string | null) {
    // A half-made replacement is retired, so that clean-up after the rollback removes it.
    const retired = physicalId ? { status: null, physicalId, properties: row.properties, attributes: null } : row.retired;
    await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateFailed, reason, { retired });
    await this.advance(tx, stack, await this.engine.resourcesOf(tx, stack.id));
  }

  /** An in-place update is done, or a replacement VM is configured (phase CONFIGURING ends). */
  async updated(tx: Transaction, stack: Stack, row: StackResource, result: { physicalId: string; attributes: Record<string, unknown> }) {
    await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateComplete, null, { ...result, phase: null });
    await this.advance(tx, stack, await this.engine.resourcesOf(tx, stack.id));
  }

  /**
   * An in-place update failed, or a replacement VM's configuration did; in the latter case the resource points at
   * the new VM, so the rollback retires it.
   */
  async updateFailed(tx: Transaction, stack: Stack, row: StackResource, reason: string) {
    await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateFailed, reason, { phase: null });
    await this.advance(tx, stack, await this.engine.resourcesOf(tx, stack.id));
  }

  /** The retired object of a resource is gone (or could not be deleted: clean-up never fails an update, as in AWS). */
  async retiredDeleted(tx: Transaction, stack: Stack, row: StackResource, failure: string | null) {
    const retired = row.retired!;
    await this.retiredEvent(tx, stack, row, failure ? ResourceStatus.DeleteFailed : ResourceStatus.DeleteComplete, failure);
    if (failure) this.logger.warn(`stack ${stack.name}: ${row.logicalId}'s old object ${retired.physicalId} was not deleted: ${failure}`);
    await this.mark(tx, row, { retired: null, phase: null });
    await this.advance(tx, stack, await this.engine.resourcesOf(tx, stack.id));
  }

  /**
   * Re-sends the request a resource of the update waits on (recovery: no outcome came for a while), with the same
   * operation id, so the provisioner's intent and lease make a copy of a request it already has harmless.
   * False when the resource waits on nothing this pass sent.
   */
  async resend(tx: Transaction, stack: Stack, row: StackResource): Promise<boolean> {
    const operationId = row.operationId;
    if (!operationId) return false;
    if (row.phase === 'CLEANUP' && row.retired) {
      await this.publishDelete(tx, stack, row, operationId, row.retired.physicalId, row.retired.properties ?? {});
      return true;
    }
    if (row.status !== ResourceStatus.UpdateInProgress || row.phase !== null) return false;
    const properties = row.properties ?? {};
    const common = {
      operationId, stackId: stack.id, stackName: stack.name, accountId: stack.accountId, region: stack.region,
      logicalId: row.logicalId, resourceType: row.resourceType, noEchoPaths: noEchoPathsOf(stack, properties),
      ...stackScopeOf(stack),
    };
    if (row.updateAction === 'Replace' && row.previous) {
      await tx.publish(ResourceCreateRequested, {
        ...common, properties, replacement: { physicalId: row.previous.physicalId ?? '', generation: row.updateVersion ?? stack.updateVersion },
      }, stack.id);
      return true;
    }
    if ((row.updateAction === 'Modify' || row.updateAction === 'RolledBack') && row.physicalId) {
      // A revert's "previous" (the properties it undoes) is not kept; plugins compare with the object itself.
      const previousProperties = row.updateAction === 'Modify' ? row.previous?.properties ?? {} : properties;
      await tx.publish(ResourceUpdateRequested, { ...common, physicalId: row.physicalId, previousProperties, properties }, stack.id);
      return true;
    }
    return false;
  }

  // ---- forward ----

  private async forward(tx: Transaction, stack: Stack, rows: StackResource[]): Promise<void> {
    const version = stack.updateVersion;
    const failed = rows.filter((row) => row.updateVersion === version &&
      (row.status === ResourceStatus.UpdateFailed || row.status === ResourceStatus.CreateFailed));
    if (failed.length > 0) {
      const verb = failed.some((row) => row.status === ResourceStatus.UpdateFailed) ? 'update' : 'create';
      return this.rollBack(tx, stack, rows,
        `The following resource(s) failed to ${verb}: [${failed.map((row) => row.logicalId).join(', ')}]. `);
    }
    const graph = await this.engine.graph(tx, stack);
    const byId = new Map(rows.map((row) => [row.logicalId, row]));
    const settled = (logicalId: string) => {
      const row = byId.get(logicalId);
      return !!row && row.updateVersion === version && COMPLETE_RESOURCE_STATUSES.has(row.status) && row.phase === null;
    };
    for (let progressed = true; progressed;) {
      progressed = false;
      for (const logicalId of graph.resources()) {
        const row = byId.get(logicalId);
        if (!row || row.updateVersion === version) continue;
        if (!graph.dependenciesOf(logicalId).every(settled)) continue;
        const step = await this.start(tx, stack, rows, row);
        if (step === 'failed') return this.forward(tx, stack, rows);
        if (step === 'settled') progressed = true;
      }
    }
    if (!graph.resources().every(settled)) return;
    try {
      stack.outputs = resolveOutputs(stack.template as TemplateDocument, stackEvaluationContext(stack, rows));
    } catch (error) {
      return this.rollBack(tx, stack, rows, `Output resolution failed: ${(error as Error).message}`);
    }
    await this.engine.setStackStatus(tx, stack, StackStatus.UpdateCompleteCleanupInProgress, null);
    for (const row of rows.filter((r) => r.updateVersion === version && r.updateAction === 'Replace')) {
      if (row.previous?.physicalId && row.previous.physicalId !== row.physicalId) await this.mark(tx, row, { retired: row.previous });
    }
    return this.cleanup(tx, stack, rows);
  }

  /** Starts one resource of the update; 'settled' when it needs nothing (unchanged). */
  private async start(
    tx: Transaction, stack: Stack, rows: StackResource[], row: StackResource,
  ): Promise<'started' | 'settled' | 'failed'> {
    const version = stack.updateVersion;
    if (row.status === null) {
      const { failed } = await this.engine.startCreates(tx, stack, rows, [row.logicalId]);
      await this.mark(tx, row, { updateVersion: version, updateAction: 'Add' });
      return failed ? 'failed' : 'started';
    }
    const definition = (stack.template as TemplateDocument).Resources[row.logicalId];
    const previous = snapshotOf(row);
    let next: Record<string, unknown>;
    try {
      next = (evaluate(definition.Properties ?? {}, stackEvaluationContext(stack, rows)) ?? {}) as Record<string, unknown>;
      // A group's stored properties carry its launch configuration's (ADR 28): compare like with like.
      next = withLaunchConfiguration(definition.Type, next, rows);
    } catch (error) {
      // Nothing was changed in the cloud: the rollback has nothing to revert ('None').
      await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateFailed, (error as Error).message, {
        previous, updateVersion: version, updateAction: 'None',
      });
      return 'failed';
    }
    const plugin = this.registry.get(definition.Type);
    const typeChanged = definition.Type !== row.resourceType;
    const change = typeChanged ? { kind: 'Replacement' as const } : resourceChange(plugin, row.properties ?? {}, next);
    if (change.kind === 'None') {
      await this.mark(tx, row, { updateVersion: version, updateAction: 'None' });
      return 'settled';
    }
    if (plugin?.executor === 'planner') {
      await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateFailed,
        `Update of resource type ${definition.Type} is not supported`, { previous, updateVersion: version, updateAction: 'None' });
      return 'failed';
    }
    const operationId = newId();
    const common = {
      operationId, stackId: stack.id, stackName: stack.name, accountId: stack.accountId, region: stack.region,
      logicalId: row.logicalId, resourceType: definition.Type, noEchoPaths: noEchoPathsOf(stack, next),
      ...stackScopeOf(stack),
    };
    if (change.kind === 'InPlace' && row.physicalId) {
      await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateInProgress, null, {
        previous, updateVersion: version, updateAction: 'Modify', operationId, properties: next,
      });
      await tx.publish(ResourceUpdateRequested, {
        ...common, physicalId: row.physicalId, previousProperties: previous.properties ?? {}, properties: next,
      }, stack.id);
      return 'started';
    }
    await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateInProgress, REPLACEMENT_REASON, {
      previous, updateVersion: version, updateAction: 'Replace', operationId, properties: next, resourceType: definition.Type,
    });
    await tx.publish(ResourceCreateRequested, {
      ...common, properties: next, replacement: { physicalId: previous.physicalId ?? '', generation: version },
    }, stack.id);
    return 'started';
  }

  // ---- rollback ----

  /** Restores the previous template and parameters and rolls back (or, with rollback disabled, stops). */
  private async rollBack(tx: Transaction, stack: Stack, rows: StackResource[], reason: string): Promise<void> {
    const state = stack.updateState!;
    if (state.disableRollback) {
      if (!rows.some(isInFlight)) await this.engine.setStackStatus(tx, stack, StackStatus.UpdateFailed, reason);
      return;
    }
    await this.engine.setStackStatus(tx, stack, StackStatus.UpdateRollbackInProgress, reason);
    const previous = state.previous;
    await this.save(tx, stack, {
      template: previous.template, parameters: previous.parameters, noEchoParameters: previous.noEchoParameters,
      availabilityZones: previous.availabilityZones, tags: previous.tags, outputs: previous.outputs,
      templateVersion: previous.templateVersion, templateHash: previous.templateHash,
    });
    return this.rollback(tx, stack, rows);
  }

  /**
   * Waits for what is in flight, then brings every resource the update touched back: a replaced one to its old
   * object (the new one is retired), an in-place change reverted by updating back to the old properties.
   */
  private async rollback(tx: Transaction, stack: Stack, rows: StackResource[]): Promise<void> {
    if (rows.some(isInFlight)) return;
    const state = stack.updateState!;
    const skipped = new Set(state.skipped ?? []);
    for (const row of rows.filter((r) => r.updateVersion === state.version)) {
      const previous = row.previous;
      if (row.updateAction === 'None') {
        if (row.status === ResourceStatus.UpdateFailed) {
          await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateComplete, null, { updateAction: 'RolledBack' });
        } else {
          await this.mark(tx, row, { updateAction: 'RolledBack' });
        }
      } else if (skipped.has(row.logicalId) && row.updateAction === 'Modify') {
        await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateComplete, 'Resource skipped during rollback',
          { updateAction: 'RolledBack' });
      } else if (row.updateAction === 'Replace' && previous) {
        const made = row.physicalId && row.physicalId !== previous.physicalId ? snapshotOf(row) : row.retired;
        await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateInProgress, null, {});
        await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateComplete, null, {
          physicalId: previous.physicalId, properties: previous.properties, attributes: previous.attributes,
          retired: made, updateAction: 'RolledBack',
        });
      } else if (row.updateAction === 'Modify' && previous) {
        if (!row.physicalId) {
          await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateComplete, null, { updateAction: 'RolledBack' });
          continue;
        }
        const operationId = newId();
        const current = row.properties ?? {};
        await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.UpdateInProgress, null, {
          operationId, updateAction: 'RolledBack', properties: previous.properties,
        });
        await tx.publish(ResourceUpdateRequested, {
          operationId, stackId: stack.id, stackName: stack.name, accountId: stack.accountId, region: stack.region,
          logicalId: row.logicalId, resourceType: row.resourceType, physicalId: row.physicalId,
          previousProperties: current, properties: previous.properties ?? {},
          noEchoPaths: noEchoPathsOf(stack, previous.properties ?? {}), ...stackScopeOf(stack),
        }, stack.id);
      }
    }
    if (rows.some(isInFlight)) return;
    const failed = rows.filter((row) => row.updateAction === 'RolledBack' && row.status === ResourceStatus.UpdateFailed);
    if (failed.length > 0) {
      await this.engine.setStackStatus(tx, stack, StackStatus.UpdateRollbackFailed,
        `The following resource(s) failed to update: [${failed.map((row) => row.logicalId).join(', ')}]. `);
      return;
    }
    await this.engine.setStackStatus(tx, stack, StackStatus.UpdateRollbackCompleteCleanupInProgress, null);
    return this.cleanup(tx, stack, rows);
  }

  // ---- clean-up ----

  /**
   * Deletes what the stack no longer uses: resources not in the template now in effect (in reverse dependency
   * order of the template they came from) and retired objects; then settles the stack.
   */
  private async cleanup(tx: Transaction, stack: Stack, rows: StackResource[]): Promise<void> {
    const state = stack.updateState!;
    const forward = stack.status === StackStatus.UpdateCompleteCleanupInProgress;
    const current = new Set((await this.engine.graph(tx, stack)).resources());
    const leavingTemplate = (forward ? state.previous.template : state.target.template) as TemplateDocument;
    const order = new DependencyGraph(leavingTemplate);
    const leaving: StackResource[] = [];
    for (const row of rows.filter((r) => !current.has(r.logicalId))) {
      const gone = row.status === null || row.status === ResourceStatus.DeleteComplete || row.status === ResourceStatus.DeleteFailed ||
        (row.status === ResourceStatus.CreateFailed && !row.physicalId);
      if (gone) await tx.manager.delete(StackResource, { id: row.id });
      else leaving.push(row);
    }
    const leavingIds = new Set(leaving.map((row) => row.logicalId));
    for (const row of leaving) {
      if (isInFlight(row)) continue;
      if (order.dependentsOf(row.logicalId).some((dependent) => leavingIds.has(dependent))) continue;
      if (leavingTemplate.Resources?.[row.logicalId]?.DeletionPolicy === 'Retain') {
        await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.DeleteSkipped, null);
        await tx.manager.delete(StackResource, { id: row.id });
        leavingIds.delete(row.logicalId);
        continue;
      }
      const operationId = newId();
      await this.engine.setResourceStatus(tx, stack, row, ResourceStatus.DeleteInProgress, null, { operationId });
      await this.publishDelete(tx, stack, row, operationId, row.physicalId, row.properties ?? {});
    }
    for (const row of rows.filter((r) => current.has(r.logicalId) && r.retired && r.phase === null)) {
      const policy = (stack.template as TemplateDocument).Resources[row.logicalId]?.UpdateReplacePolicy;
      if (forward && policy === 'Retain') {
        await this.retiredEvent(tx, stack, row, ResourceStatus.DeleteSkipped, null);
        await this.mark(tx, row, { retired: null });
        continue;
      }
      const operationId = newId();
      // updatedAt: the recovery sweep re-sends this delete only after a period without an outcome.
      await this.mark(tx, row, { phase: 'CLEANUP', operationId, updatedAt: new Date() });
      await this.retiredEvent(tx, stack, row, ResourceStatus.DeleteInProgress, null);
      await this.publishDelete(tx, stack, row, operationId, row.retired!.physicalId, row.retired!.properties ?? {});
    }
    if (leavingIds.size > 0 || rows.some((row) => current.has(row.logicalId) && (row.retired || isInFlight(row)))) return;
    await tx.manager.update(StackResource, { stackId: stack.id }, { previous: null, retired: null, updateAction: null });
    await this.save(tx, stack, { updateState: null });
    await this.engine.setStackStatus(tx, stack, forward ? StackStatus.UpdateComplete : StackStatus.UpdateRollbackComplete, null);
  }

  private async publishDelete(
    tx: Transaction, stack: Stack, row: StackResource, operationId: string, physicalId: string | null, properties: Record<string, unknown>,
  ): Promise<void> {
    await tx.publish(ResourceDeleteRequested, {
      operationId, stackId: stack.id, stackName: stack.name, accountId: stack.accountId, region: stack.region,
      logicalId: row.logicalId, resourceType: row.resourceType, physicalId, properties,
      noEchoPaths: noEchoPathsOf(stack, properties), ...stackScopeOf(stack),
    }, stack.id);
  }

  /** A stack event about the resource's retired object (its own status does not change). */
  private async retiredEvent(tx: Transaction, stack: Stack, row: StackResource, status: string, reason: string | null) {
    this.events.forResource(tx, stack, {
      ...row, status, statusReason: reason, physicalId: row.retired?.physicalId ?? null, properties: row.retired?.properties ?? null,
    }, new Date());
  }

  private async mark(tx: Transaction, row: StackResource, changes: Partial<StackResource>): Promise<void> {
    Object.assign(row, changes);
    await tx.manager.update(StackResource, { id: row.id }, changes);
  }

  private async save(tx: Transaction, stack: Stack, changes: Partial<Stack>): Promise<void> {
    Object.assign(stack, changes);
    await tx.manager.update(Stack, { id: stack.id }, changes);
  }
}

function snapshotOf(row: StackResource): ResourceSnapshot {
  return { status: row.status, physicalId: row.physicalId, properties: row.properties, attributes: row.attributes };
}

/** A worker is on it (or its retired object); its outcome brings the planner back. */
function isInFlight(row: StackResource): boolean {
  return row.status === ResourceStatus.UpdateInProgress || row.status === ResourceStatus.DeleteInProgress ||
    row.phase === 'CLEANUP' ||
    (row.status === ResourceStatus.CreateInProgress && row.phase !== 'AWAITING_GROUP' && row.phase !== 'AWAITING_SIGNALS');
}
