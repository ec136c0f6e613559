import { StackCreationContinued } from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { resolveOutputs, TemplateDocument } from '@cfn/template';
import { Inject, Injectable } from '@nestjs/common';

import { StackExports } from '../exports/stack-exports';
import { CREATE_TIMED_OUT, CREATION_CANCELLED, failureFollowUp } from '../stack-lifecycle/failure-policy';
import { CreatesStarted, ResourceCreation } from './resource-creation';
import { stackEvaluationContext } from './stack-evaluation';
import { StackPass } from './stack-pass';
import { StackRepository } from './stack-repository';
import { StackStatusWriter } from './stack-status-writer';
import { ResourceStatus, StackStatus } from './statuses';
import { TeardownPass } from './teardown-pass';

/**
 * Resources the first transaction of a stack's creation starts at most; the rest ready then are started by the
 * transaction that follows (stack.creation.continued.v1, ADR 47). The first of a large stack's requests then reach
 * the provisioner while the planner is still starting the others, instead of after all of them.
 */
const FIRST_STARTS = 100;

/**
 * CREATE_IN_PROGRESS: starts resources whose dependencies completed, settles the stack with its outputs and
 * exports, or, on a failure, rolls back (the teardown) or stops, as the stack's OnFailure says.
 */
@Injectable()
export class CreatePass implements StackPass {
  constructor(
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(ResourceCreation) private readonly creation: ResourceCreation,
    @Inject(TeardownPass) private readonly teardown: TeardownPass,
    @Inject(StackExports) private readonly exports: StackExports,
  ) {}

  handles(status: string): boolean {
    return status === StackStatus.CreateInProgress;
  }

  /** Whether a resource's completion can be followed up from its neighbours alone (see startDependantsOf). */
  isIncremental(stack: Stack): boolean {
    return stack.status === StackStatus.CreateInProgress && !stack.disableRollback && stack.incompleteResources > 0;
  }

  /**
   * After a resource reached CREATE_COMPLETE: starts its dependants that are now ready. Only the resource's
   * neighbours in the graph are read, so the cost follows its dependants, not the size of the stack.
   */
  async startDependantsOf(tx: Transaction, stack: Stack, created: StackResource): Promise<CreatesStarted> {
    const graph = await this.repository.graph(tx, stack);
    const dependants = graph.dependentsOf(created.logicalId);
    if (dependants.length === 0) return { failed: false, waiting: [] };
    const neighbourhood = new Set(dependants.flatMap((id) => [id, ...graph.dependenciesOf(id)]));
    const rows = await this.repository.resourcesNamed(tx, stack.id, [...neighbourhood]);
    const byId = new Map(rows.map((row) => [row.logicalId, row]));
    const ready = dependants.filter(
      (id) =>
        byId.get(id)?.status === null &&
        graph.dependenciesOf(id).every((dependency) => byId.get(dependency)?.status === ResourceStatus.CreateComplete),
    );
    return this.creation.start(tx, stack, rows, ready);
  }

  async advance(tx: Transaction, stack: Stack, resources: StackResource[]): Promise<StackResource[]> {
    const failures = resources.filter((resource) => resource.status === ResourceStatus.CreateFailed);
    if (failures.length > 0) {
      await this.failCreate(tx, stack, resources, failures);
      return [];
    }
    const graph = await this.repository.graph(tx, stack);
    const completed = new Set(
      resources.filter((r) => r.status === ResourceStatus.CreateComplete).map((r) => r.logicalId),
    );
    const started = new Set(resources.filter((r) => r.status !== null).map((r) => r.logicalId));
    const ready = graph.readyToCreate(completed, started);
    const startingNow = started.size === 0 ? ready.slice(0, FIRST_STARTS) : ready;
    const { failed, waiting } = await this.creation.start(tx, stack, resources, startingNow);
    if (failed) return this.advance(tx, stack, resources);
    if (startingNow.length < ready.length) await tx.publish(StackCreationContinued, { stackId: stack.id }, stack.id);
    if (resources.every((resource) => resource.status === ResourceStatus.CreateComplete)) {
      await this.complete(tx, stack, resources);
      return [];
    }
    // Signals may have come before a wait started (an instance signals as soon as it boots).
    return waiting;
  }

  async failCreate(
    tx: Transaction,
    stack: Stack,
    resources: StackResource[],
    failed: StackResource[],
    reason?: string,
  ): Promise<void> {
    const why =
      reason ?? `The following resource(s) failed to create: [${failed.map((r) => r.logicalId).join(', ')}]. `;
    if (stack.disableRollback) {
      // Without rollback the stack settles once nothing is in flight, keeping what was made.
      if (
        !resources.some(
          (resource) => resource.status === ResourceStatus.CreateInProgress || resource.phase === 'CANCELLED',
        )
      ) {
        await this.writer.setStackStatus(tx, stack, StackStatus.CreateFailed, why);
      }
      return;
    }
    await this.writer.setStackStatus(tx, stack, StackStatus.RollbackInProgress, `${why}${failureFollowUp(stack)}`);
    await this.teardown.advance(tx, stack, resources);
  }

  /**
   * TimeoutInMinutes passed while the stack was still being created: whatever is being made fails ("Resource
   * creation cancelled") and the stack follows OnFailure. A resource a worker is still making stays CANCELLED until
   * its outcome names what was made, so the teardown removes it instead of leaking it.
   */
  async timeOutCreate(tx: Transaction, stack: Stack): Promise<void> {
    if (stack.status !== StackStatus.CreateInProgress) return;
    const resources = await this.repository.resourcesOf(tx, stack.id);
    for (const resource of resources.filter((r) => r.status === ResourceStatus.CreateInProgress)) {
      const stillMaking = resource.phase === null;
      await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, CREATION_CANCELLED, {
        phase: stillMaking ? 'CANCELLED' : null,
        deadline: null,
      });
    }
    await this.failCreate(tx, stack, resources, [], CREATE_TIMED_OUT);
  }

  /** Every resource is made: resolves the outputs, publishes the exports and completes the stack. */
  private async complete(tx: Transaction, stack: Stack, resources: StackResource[]): Promise<void> {
    try {
      stack.outputs = resolveOutputs(stack.template as TemplateDocument, stackEvaluationContext(stack, resources));
    } catch (error) {
      return this.failCreate(tx, stack, resources, [], `Output resolution failed: ${(error as Error).message}`);
    }
    const exported = (stack.outputs ?? [])
      .filter((output) => output.ExportName !== undefined)
      .map((output) => ({ name: output.ExportName!, value: output.OutputValue }));
    const taken = await this.exports.publish(tx, stack, exported);
    if (taken) {
      stack.outputs = null;
      return this.failCreate(
        tx,
        stack,
        resources,
        [],
        `Export with name ${taken.name} is already exported by stack ${taken.exportingStack}. `,
      );
    }
    await this.writer.setStackStatus(tx, stack, StackStatus.CreateComplete, null);
  }
}
