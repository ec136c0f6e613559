import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { resourceChange, ResourceRegistry } from '@cfn/resources';
import { newId } from '@cfn/runtime';
import { evaluate, resolveOutputs, TemplateDocument } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';
import { ResourceCreation } from '../stack-engine/resource-creation';
import { ResourceRequests } from '../stack-engine/resource-requests';
import { stackEvaluationContext } from '../stack-engine/stack-evaluation';
import { StackPass } from '../stack-engine/stack-pass';
import { StackRepository } from '../stack-engine/stack-repository';
import { StackStatusWriter } from '../stack-engine/stack-status-writer';
import { COMPLETE_RESOURCE_STATUSES, ResourceStatus, StackStatus } from '../stack-engine/statuses';
import { UpdateCleanup } from './update-cleanup';
import { snapshotOf, UpdateRollback } from './update-rollback';
import { REPLACEMENT_REASON, UPDATE_STATUSES } from './update-statuses';

/**
 * The stack update state machine (ADR 0019), driven like the create (ADR 0004). Forward (UPDATE_IN_PROGRESS): in
 * the new template's dependency order, each resource is evaluated once its dependencies are settled in this update
 * and compared with what it has: unchanged, updated in place (the plugin's `update`), replaced (a new object is
 * made; the old one stays until clean-up), or created. Then the clean-up, or on a failure the rollback.
 */
@Injectable()
export class UpdatePass implements StackPass {
  constructor(
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(ResourceRequests) private readonly requests: ResourceRequests,
    @Inject(ResourceCreation) private readonly creation: ResourceCreation,
    @Inject(ResourceTypeHookRegistry) private readonly hooks: ResourceTypeHookRegistry,
    @Inject(ResourceRegistry) private readonly registry: ResourceRegistry,
    @Inject(UpdateRollback) private readonly rollback: UpdateRollback,
    @Inject(UpdateCleanup) private readonly cleanup: UpdateCleanup,
  ) {}

  handles(status: string): boolean {
    return UPDATE_STATUSES.has(status);
  }

  async advance(tx: Transaction, stack: Stack, rows: StackResource[]): Promise<void> {
    switch (stack.status) {
      case StackStatus.UpdateInProgress:
        return this.forward(tx, stack, rows);
      case StackStatus.UpdateRollbackInProgress:
        return this.rollback.advance(tx, stack, rows);
      case StackStatus.UpdateCompleteCleanupInProgress:
      case StackStatus.UpdateRollbackCompleteCleanupInProgress:
        return this.cleanup.advance(tx, stack, rows);
    }
  }

  private async forward(tx: Transaction, stack: Stack, rows: StackResource[]): Promise<void> {
    const version = stack.updateVersion;
    const failed = rows.filter(
      (row) =>
        row.updateVersion === version &&
        (row.status === ResourceStatus.UpdateFailed || row.status === ResourceStatus.CreateFailed),
    );
    if (failed.length > 0) {
      const verb = failed.some((row) => row.status === ResourceStatus.UpdateFailed) ? 'update' : 'create';
      return this.rollback.begin(
        tx,
        stack,
        rows,
        `The following resource(s) failed to ${verb}: [${failed.map((row) => row.logicalId).join(', ')}]. `,
      );
    }
    const graph = await this.repository.graph(tx, stack);
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
      return this.rollback.begin(tx, stack, rows, `Output resolution failed: ${(error as Error).message}`);
    }
    await this.writer.setStackStatus(tx, stack, StackStatus.UpdateCompleteCleanupInProgress, null);
    for (const row of rows.filter((r) => r.updateVersion === version && r.updateAction === 'Replace')) {
      if (row.previous?.physicalId && row.previous.physicalId !== row.physicalId)
        await this.repository.markResource(tx, row, { retired: row.previous });
    }
    return this.cleanup.advance(tx, stack, rows);
  }

  /** Starts one resource of the update; 'settled' when it needs nothing (unchanged). */
  private async start(
    tx: Transaction,
    stack: Stack,
    rows: StackResource[],
    row: StackResource,
  ): Promise<'started' | 'settled' | 'failed'> {
    const version = stack.updateVersion;
    if (row.status === null) {
      const { failed } = await this.creation.start(tx, stack, rows, [row.logicalId]);
      await this.repository.markResource(tx, row, { updateVersion: version, updateAction: 'Add' });
      return failed ? 'failed' : 'started';
    }
    const definition = (stack.template as TemplateDocument).Resources[row.logicalId];
    const previous = snapshotOf(row);
    let next: Record<string, unknown>;
    try {
      next = (evaluate(definition.Properties ?? {}, stackEvaluationContext(stack, rows)) ?? {}) as Record<
        string,
        unknown
      >;
      // Stored properties are what the worker was handed (a group's carry its launch configuration's): compare like with like.
      next = this.hooks.workerProperties(definition.Type, next, rows);
    } catch (error) {
      // Nothing was changed in the cloud: the rollback has nothing to revert ('None').
      await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateFailed, (error as Error).message, {
        previous,
        updateVersion: version,
        updateAction: 'None',
      });
      return 'failed';
    }
    const typeChanged = definition.Type !== row.resourceType;
    const change = typeChanged
      ? { kind: 'Replacement' as const }
      : resourceChange(this.registry.get(definition.Type), row.properties ?? {}, next);
    if (change.kind === 'None') {
      await this.repository.markResource(tx, row, { updateVersion: version, updateAction: 'None' });
      return 'settled';
    }
    if (this.hooks.of(definition.Type).updatable === false) {
      await this.writer.setResourceStatus(
        tx,
        stack,
        row,
        ResourceStatus.UpdateFailed,
        `Update of resource type ${definition.Type} is not supported`,
        { previous, updateVersion: version, updateAction: 'None' },
      );
      return 'failed';
    }
    const operationId = newId();
    if (change.kind === 'InPlace' && row.physicalId) {
      await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateInProgress, null, {
        previous,
        updateVersion: version,
        updateAction: 'Modify',
        operationId,
        properties: next,
      });
      await this.requests.update(tx, stack, row, previous.properties ?? {});
      return 'started';
    }
    await this.writer.setResourceStatus(tx, stack, row, ResourceStatus.UpdateInProgress, REPLACEMENT_REASON, {
      previous,
      updateVersion: version,
      updateAction: 'Replace',
      operationId,
      properties: next,
      resourceType: definition.Type,
    });
    await this.requests.createReplacement(tx, stack, row, {
      physicalId: previous.physicalId ?? '',
      generation: version,
    });
    return 'started';
  }
}
