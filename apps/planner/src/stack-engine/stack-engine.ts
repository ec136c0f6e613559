import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';
import { CreatePass } from './create-pass';
import { STACK_PASSES, StackPass } from './stack-pass';
import { StackRepository } from './stack-repository';
import { StackStatusWriter } from './stack-status-writer';
import { ResourceStatus, TEARDOWN_STATUSES } from './statuses';
import { TeardownPass } from './teardown-pass';

/**
 * The stack state machine's entry: every handler locks the stack row, records its event's effect, then asks the
 * engine to take every step that is now possible, which it leaves to the pass of the stack's status (create,
 * teardown, update). Next steps are derived from stored state, so a redelivered or late message cannot start
 * anything twice, and a restarted planner picks up where it stopped.
 *
 * The common outcomes (a resource created while the stack is being created, a resource deleted during teardown)
 * are handled incrementally: only the resource's neighbours in the graph are read. Everything else takes the full
 * pass (`advance`).
 */
@Injectable()
export class StackEngine {
  constructor(
    @Inject(STACK_PASSES) private readonly passes: StackPass[],
    @Inject(CreatePass) private readonly create: CreatePass,
    @Inject(TeardownPass) private readonly teardown: TeardownPass,
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(ResourceTypeHookRegistry) private readonly hooks: ResourceTypeHookRegistry,
  ) {}

  /** The full pass: takes every step the stack's current state allows. */
  async advance(tx: Transaction, stack: Stack, resources?: StackResource[]): Promise<void> {
    const pass = this.passes.find((candidate) => candidate.handles(stack.status));
    if (!pass) return;
    const waiting = await pass.advance(tx, stack, resources ?? (await this.repository.resourcesOf(tx, stack.id)));
    for (const resource of waiting ?? []) await this.checkAwaiting(tx, stack, resource);
  }

  /** After a resource reached CREATE_COMPLETE: start its dependants that are now ready, or finish the stack. */
  async afterResourceCreated(tx: Transaction, stack: Stack, created: StackResource): Promise<void> {
    if (!this.create.isIncremental(stack)) return this.advance(tx, stack);
    const { failed, waiting } = await this.create.startDependantsOf(tx, stack, created);
    if (failed) return this.advance(tx, stack);
    for (const resource of waiting) await this.checkAwaiting(tx, stack, resource);
  }

  /** After a resource reached DELETE_COMPLETE (or DELETE_FAILED): delete what it was keeping, or settle the stack. */
  async afterResourceDeleted(tx: Transaction, stack: Stack, deleted: StackResource): Promise<void> {
    if (!TEARDOWN_STATUSES.has(stack.status)) return this.advance(tx, stack);
    await this.teardown.afterResourceDeleted(tx, stack, deleted);
  }

  /** A resource the planner itself waits for (check_create_complete): completes, fails, or keeps waiting. */
  async checkAwaiting(tx: Transaction, stack: Stack, resource: StackResource): Promise<void> {
    if (!isAwaitingSignals(resource)) return;
    const check = await this.hooks.of(resource.resourceType).checkCreateComplete?.(tx, stack, resource);
    if (!check) return;
    if ('failed' in check) {
      await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, check.failed, {
        phase: null,
        deadline: null,
      });
      return this.advance(tx, stack);
    }
    await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateComplete, null, {
      phase: null,
      deadline: null,
      ...check.complete,
    });
    await this.afterResourceCreated(tx, stack, resource);
  }

  /** The deadline of a resource the planner waits for passed: it fails, and the stack follows OnFailure. */
  async timeOutAwaiting(tx: Transaction, stack: Stack, resource: StackResource): Promise<void> {
    const hooks = this.hooks.of(resource.resourceType);
    if (!isAwaitingSignals(resource) || !hooks.timedOut) return;
    const reason = await hooks.timedOut(tx, stack, resource);
    await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, reason, {
      phase: null,
      deadline: null,
    });
    await this.advance(tx, stack);
  }

  /**
   * A worker finished a create the stack's timeout had cancelled: the resource stays CREATE_FAILED (its event was
   * written when it was cancelled) but now names what was made, so the teardown removes it.
   */
  async cancelledCreateSettled(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    physicalId: string | null,
    attributes: Record<string, unknown> | null,
  ): Promise<void> {
    Object.assign(resource, {
      phase: null,
      physicalId: physicalId ?? resource.physicalId,
      attributes: attributes ?? resource.attributes,
    });
    this.writer.writeOwnRow(tx, resource, {
      phase: null,
      physicalId: resource.physicalId,
      attributes: resource.attributes,
    });
    await this.advance(tx, stack);
  }
}

function isAwaitingSignals(resource: StackResource): boolean {
  return resource.status === ResourceStatus.CreateInProgress && resource.phase === 'AWAITING_SIGNALS';
}
