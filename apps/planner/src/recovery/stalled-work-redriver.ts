import { ResourceConfigureRequested } from '@cfn/contracts';
import { Transaction, UnitOfWork } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { readIntegerEnv } from '@cfn/runtime';
import { Inject, Injectable } from '@nestjs/common';

import { configurationRequestOf } from '../configuration/configuration-request';
import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';
import { ResourceRequests } from '../stack-engine/resource-requests';
import { StackEngine } from '../stack-engine/stack-engine';
import { StackRepository } from '../stack-engine/stack-repository';
import { ResourceStatus, StackStatus } from '../stack-engine/statuses';
import { TeardownPass } from '../stack-engine/teardown-pass';
import { UpdateOutcomes } from '../stack-update/update-outcomes';
import { UPDATE_STATUSES } from '../stack-update/update-statuses';
import { StackSweep } from '../sweeps/stack-sweep';

interface StalledRow {
  stack_id: string;
  logical_id: string;
}

/**
 * Recovers planner-side work left in progress. At start-up and then periodically it:
 * - re-sends the request of every resource that has waited longer than `PLANNER_REDRIVE_SECONDS` (default 120)
 *   for a worker's outcome (creating, configuring, deleting, updating in place or by replacement, deleting an
 *   update's retired object), with the same operation id: if the request was lost
 *   or dead-lettered the worker now does it; if a worker is on it, the copy waits for its lease and repeats its
 *   outcome, which is applied once;
 * - runs the full pass of every stack in progress that has no resource in progress, so a stack whose last step was
 *   interrupted moves on.
 * Every action happens under the stack row's lock after a second look, so several planners may sweep together.
 */
@Injectable()
export class StalledWorkRedriver extends StackSweep {
  private readonly redriveAfterMs = redriveAfterMs();

  constructor(
    @Inject(UnitOfWork) unitOfWork: UnitOfWork,
    @Inject(StackRepository) repository: StackRepository,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(TeardownPass) private readonly teardown: TeardownPass,
    @Inject(ResourceRequests) private readonly requests: ResourceRequests,
    @Inject(UpdateOutcomes) private readonly updates: UpdateOutcomes,
    @Inject(ResourceTypeHookRegistry) private readonly hooks: ResourceTypeHookRegistry,
  ) {
    super(unitOfWork, repository, {
      name: 'stalled-work',
      intervalMs: Math.max(1_000, Math.min(30_000, Math.floor(redriveAfterMs() / 4))),
      sweepAtStart: true,
    });
  }

  protected async sweep(): Promise<void> {
    for (const row of await this.stalledResources()) await this.redrive(row.stack_id, row.logical_id);
    for (const stackId of await this.idleStacks()) await this.settle(stackId);
  }

  private stalledResources(): Promise<StalledRow[]> {
    return this.unitOfWork.dataSource.query(
      `SELECT stack_id, logical_id FROM stack_resources
       WHERE ((status IN (?, ?) AND (phase IS NULL OR phase = 'CONFIGURING')) OR status = ?
              OR phase = 'CLEANUP')
         AND updated_at < UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND
       ORDER BY updated_at LIMIT 200`,
      [
        ResourceStatus.CreateInProgress,
        ResourceStatus.UpdateInProgress,
        ResourceStatus.DeleteInProgress,
        this.redriveAfterMs * 1000,
      ],
    );
  }

  /** Stacks in progress, untouched for a while, with no resource in progress (nothing will bring the planner back). */
  private async idleStacks(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.unitOfWork.dataSource.query(
      `SELECT s.id FROM stacks s
       WHERE s.status IN (?) AND s.updated_at < UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND
         AND NOT EXISTS (SELECT 1 FROM stack_resources r WHERE r.stack_id = s.id
                         AND (r.status IN (?, ?, ?) OR r.phase = 'CLEANUP'))
       LIMIT 50`,
      [
        [
          StackStatus.CreateInProgress,
          StackStatus.RollbackInProgress,
          StackStatus.DeleteInProgress,
          ...UPDATE_STATUSES,
        ],
        this.redriveAfterMs * 1000,
        ResourceStatus.CreateInProgress,
        ResourceStatus.DeleteInProgress,
        ResourceStatus.UpdateInProgress,
      ],
    );
    return rows.map((row) => row.id);
  }

  /** Re-sends the request of one resource the sweep found stalled, if it still waits on it after a second look. */
  async redrive(stackId: string, logicalId: string): Promise<void> {
    await this.onLockedStack(stackId, async (tx, stack) => {
      const resource = await this.repository.resource(tx, stackId, logicalId);
      if (!resource || !resource.operationId) return;
      if (Date.now() - resource.updatedAt.getTime() < this.redriveAfterMs) return;
      if (!(await this.resend(tx, stack, resource))) return;
      // The next re-send comes one period later, not at the next sweep; no stack event: nothing changed for the user.
      await this.repository.markResource(tx, resource, { updatedAt: new Date() });
      this.logger.warn(
        `re-sent the ${resource.status}${resource.phase ? ` (${resource.phase})` : ''} request of ${logicalId} ` +
          `in stack ${stack.name} (operation ${resource.operationId}): no outcome for ${Math.round(this.redriveAfterMs / 1000)} s`,
      );
    });
  }

  /** Re-sends the request the resource waits on; false when it waits on none. */
  private async resend(tx: Transaction, stack: Stack, resource: StackResource): Promise<boolean> {
    const byType = await this.hooks.of(resource.resourceType).redrive?.(tx, stack, resource);
    if (byType) return byType === 'resent';
    const { status, phase } = resource;
    // A VM that replaces another in an update is configured before the update goes on.
    if (status === ResourceStatus.UpdateInProgress && phase === 'CONFIGURING')
      await this.requestConfigure(tx, stack, resource);
    else if (phase === 'CLEANUP' || status === ResourceStatus.UpdateInProgress)
      return this.updates.resend(tx, stack, resource);
    else if (status === ResourceStatus.DeleteInProgress) await this.teardown.requestDelete(tx, stack, resource);
    else if (status === ResourceStatus.CreateInProgress && phase === null)
      await this.requests.create(tx, stack, resource);
    else if (status === ResourceStatus.CreateInProgress && phase === 'CONFIGURING')
      await this.requestConfigure(tx, stack, resource);
    else return false;
    return true;
  }

  private async requestConfigure(tx: Transaction, stack: Stack, resource: StackResource): Promise<void> {
    const all = await this.repository.resourcesOf(tx, stack.id);
    await tx.publish(
      ResourceConfigureRequested,
      configurationRequestOf(stack, resource, all, resource.operationId!),
      stack.id,
    );
  }

  private async settle(stackId: string): Promise<void> {
    await this.onLockedStack(stackId, async (tx, stack) => {
      if (Date.now() - stack.updatedAt.getTime() < this.redriveAfterMs) return;
      this.logger.warn(
        `stack ${stack.name} (${stack.status}) had nothing in flight for a while; taking its next steps`,
      );
      await this.engine.advance(tx, stack);
    });
  }
}

function redriveAfterMs(): number {
  return readIntegerEnv('PLANNER_REDRIVE_SECONDS', 120) * 1000;
}
