import { Controller, Inject, Optional } from '@nestjs/common';
import { ResourceUpdateFailed, ResourceUpdateFailedV1, ResourceUpdateSucceeded, ResourceUpdateSucceededV1 } from '@cfn/contracts';
import { RabbitContext } from '@cfn/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ExpectedState, OutcomeApplier } from '../resource-outcomes/outcome-applier';
import { ResourceStatus } from '../stack-engine/statuses';
import { StackUpdater } from './stack-updater';
import { StackEventWriter } from '../stack-engine/stack-event-writer';
import { StackStatus } from '../stack-engine/statuses';
import { AUTO_SCALING_GROUP } from '../auto-scaling/launch-configuration-of';
import { MemberConfigurations } from '../auto-scaling/member-configurations';

/** A resource being updated in place (forward, or reverted by a rollback). */
export const UPDATING: ExpectedState = { status: ResourceStatus.UpdateInProgress, phase: null };

/** Outcomes of in-place updates; applied only if they answer the attempt the planner waits for. */
@Controller()
export class ResourceUpdateOutcomesController {
  constructor(
    @Inject(OutcomeApplier) private readonly outcomes: OutcomeApplier,
    @Inject(StackUpdater) private readonly updater: StackUpdater,
    @Optional() @Inject(MemberConfigurations) private readonly members?: MemberConfigurations,
  ) {}

  private readonly events = new StackEventWriter();

  @EventPattern(ResourceUpdateSucceeded.routingKey)
  async onUpdateSucceeded(@Payload() event: ResourceUpdateSucceededV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.outcomes.apply(ctx, event, UPDATING, async (tx, stack, resource) => {
      const result = { physicalId: event.physicalId, attributes: event.attributes };
      if (event.note) this.events.note(tx, stack, resource, event.physicalId, event.note);
      // A group resized by the update (not reverted by a rollback) has its members configured before it completes.
      const configuring = resource.resourceType === AUTO_SCALING_GROUP && stack.status === StackStatus.UpdateInProgress && this.members
        && await this.members.afterGroupUpdated(tx, stack, resource, result);
      if (!configuring) await this.updater.updated(tx, stack, resource, result);
    });
  }

  @EventPattern(ResourceUpdateFailed.routingKey)
  async onUpdateFailed(@Payload() event: ResourceUpdateFailedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.outcomes.apply(ctx, event, UPDATING, (tx, stack, resource) => this.updater.updateFailed(tx, stack, resource, event.reason));
  }
}
