import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ResourceConfigureRequested } from '@cfn/contracts';
import { Transaction, UnitOfWork } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { readIntegerEnv } from '@cfn/runtime';

import { configurationRequestOf } from '../configuration/configuration-request';
import { NESTED_STACK_TYPE } from '@cfn/resources';
import { AUTO_SCALING_GROUP } from '../auto-scaling/launch-configuration-of';
import { MemberConfigurations } from '../auto-scaling/member-configurations';
import { StackEngine } from '../stack-engine/stack-engine';
import { StackUpdater } from '../stack-update/stack-updater';
import { ResourceStatus, StackStatus } from '../stack-engine/statuses';
import { UPDATE_STATUSES } from '../stack-update/update-statuses';
import { actOnLockedStack, PeriodicSweep } from '../sweeps/periodic-sweep';

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
export class StalledWorkRedriver implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StalledWorkRedriver.name);
  private readonly redriveAfterMs = readIntegerEnv('PLANNER_REDRIVE_SECONDS', 120) * 1000;
  private readonly sweep = new PeriodicSweep({
    name: 'stalled-work',
    intervalMs: Math.max(1_000, Math.min(30_000, Math.floor(this.redriveAfterMs / 4))),
    sweepAtStart: true,
    sweep: () => this.redriveStalledWork(),
    logger: this.logger,
  });

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(StackUpdater) private readonly updater: StackUpdater,
    @Inject(MemberConfigurations) private readonly members: MemberConfigurations,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweep.stop();
  }

  private async redriveStalledWork(): Promise<void> {
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
      [ResourceStatus.CreateInProgress, ResourceStatus.UpdateInProgress, ResourceStatus.DeleteInProgress, this.redriveAfterMs * 1000],
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
      [[StackStatus.CreateInProgress, StackStatus.RollbackInProgress, StackStatus.DeleteInProgress, ...UPDATE_STATUSES],
        this.redriveAfterMs * 1000, ResourceStatus.CreateInProgress, ResourceStatus.DeleteInProgress, ResourceStatus.UpdateInProgress],
    );
    return rows.map((row) => row.id);
  }

  private async redrive(stackId: string, logicalId: string): Promise<void> {
    await actOnLockedStack(this.unitOfWork, this.engine, stackId, async (tx, stack) => {
      const resource = await this.engine.resource(tx, stackId, logicalId);
      if (!resource || !resource.operationId) return;
      // A nested stack's progress is its child stack's, which this sweep recovers on its own.
      if (resource.resourceType === NESTED_STACK_TYPE) return;
      if (Date.now() - resource.updatedAt.getTime() < this.redriveAfterMs) return;
      // A group's members are configured one request each; the group itself is no host.
      if (resource.resourceType === AUTO_SCALING_GROUP && resource.phase === 'CONFIGURING') await this.members.resendPending(tx, stack, resource);
      // A VM that replaces another in an update, configured before the update goes on.
      else if (resource.status === ResourceStatus.UpdateInProgress && resource.phase === 'CONFIGURING') await this.requestConfigure(tx, stack, resource);
      else if (resource.phase === 'CLEANUP' || resource.status === ResourceStatus.UpdateInProgress) {
        if (!(await this.updater.resend(tx, stack, resource))) return;
      } else if (resource.status === ResourceStatus.DeleteInProgress) await this.engine.requestDelete(tx, stack, resource);
      else if (resource.status === ResourceStatus.CreateInProgress && resource.phase === null) await this.engine.requestCreate(tx, stack, resource);
      else if (resource.status === ResourceStatus.CreateInProgress && resource.phase === 'CONFIGURING') await this.requestConfigure(tx, stack, resource);
      else return;
      // The next re-send comes one period later, not at the next sweep; no stack event: nothing changed for the user.
      await tx.manager.update(StackResource, { id: resource.id }, { updatedAt: new Date() });
      this.logger.warn(`re-sent the ${resource.status}${resource.phase ? ` (${resource.phase})` : ''} request of ${logicalId} ` +
        `in stack ${stack.name} (operation ${resource.operationId}): no outcome for ${Math.round(this.redriveAfterMs / 1000)} s`);
    });
  }

  private async requestConfigure(tx: Transaction, stack: Stack, resource: StackResource): Promise<void> {
    const all = await this.engine.resourcesOf(tx, stack.id);
    await tx.publish(ResourceConfigureRequested, configurationRequestOf(stack, resource, all, resource.operationId!), stack.id);
  }

  private async settle(stackId: string): Promise<void> {
    await actOnLockedStack(this.unitOfWork, this.engine, stackId, async (tx, stack) => {
      if (Date.now() - stack.updatedAt.getTime() < this.redriveAfterMs) return;
      this.logger.warn(`stack ${stack.name} (${stack.status}) had nothing in flight for a while; taking its next steps`);
      await this.engine.advance(tx, stack);
    });
  }
}

