import { Controller, Inject } from '@nestjs/common';
import { ResourceUpdateFailed, ResourceUpdateFailedV1, ResourceUpdateSucceeded, ResourceUpdateSucceededV1 } from '@cfn/contracts';
import { RabbitContext } from '@cfn/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ExpectedState, OutcomeApplier } from '../resource-outcomes/outcome-applier';
import { ResourceStatus } from '../stack-engine/statuses';
import { StackUpdater } from './stack-updater';

/** A resource being updated in place (forward, or reverted by a rollback). */
export const UPDATING: ExpectedState = { status: ResourceStatus.UpdateInProgress, phase: null };

/** Outcomes of in-place updates; applied only if they answer the attempt the planner waits for. */
@Controller()
export class ResourceUpdateOutcomesController {
  constructor(
    @Inject(OutcomeApplier) private readonly outcomes: OutcomeApplier,
    @Inject(StackUpdater) private readonly updater: StackUpdater,
  ) {}

  @EventPattern(ResourceUpdateSucceeded.routingKey)
  async onUpdateSucceeded(@Payload() event: ResourceUpdateSucceededV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.outcomes.apply(ctx, event, UPDATING, (tx, stack, resource) =>
      this.updater.updated(tx, stack, resource, { physicalId: event.physicalId, attributes: event.attributes }));
  }

  @EventPattern(ResourceUpdateFailed.routingKey)
  async onUpdateFailed(@Payload() event: ResourceUpdateFailedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.outcomes.apply(ctx, event, UPDATING, (tx, stack, resource) => this.updater.updateFailed(tx, stack, resource, event.reason));
  }
}
