import {
  ResourceUpdateFailed,
  ResourceUpdateFailedV1,
  ResourceUpdateSucceeded,
  ResourceUpdateSucceededV1,
} from '@cfn/contracts';
import { RabbitContext } from '@cfn/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { ExpectedState, OutcomeApplier } from '../resource-outcomes/outcome-applier';
import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';
import { StackEventWriter } from '../stack-engine/stack-event-writer';
import { ResourceStatus } from '../stack-engine/statuses';
import { StackStatus } from '../stack-engine/statuses';
import { UpdateOutcomes } from './update-outcomes';

/** A resource being updated in place (forward, or reverted by a rollback). */
export const UPDATING: ExpectedState = { status: ResourceStatus.UpdateInProgress, phase: null };

/** Outcomes of in-place updates; applied only if they answer the attempt the planner waits for. */
@Controller()
export class ResourceUpdateOutcomesController {
  constructor(
    @Inject(OutcomeApplier) private readonly outcomes: OutcomeApplier,
    @Inject(UpdateOutcomes) private readonly updates: UpdateOutcomes,
    @Inject(ResourceTypeHookRegistry) private readonly hooks: ResourceTypeHookRegistry,
  ) {}

  private readonly events = new StackEventWriter();

  @EventPattern(ResourceUpdateSucceeded.routingKey)
  async onUpdateSucceeded(@Payload() event: ResourceUpdateSucceededV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.outcomes.apply(ctx, event, UPDATING, async (tx, stack, resource) => {
      const result = { physicalId: event.physicalId, attributes: event.attributes };
      if (event.note) this.events.note(tx, stack, resource, event.physicalId, event.note);
      // The type may carry on after a forward update (a resized group configures its members); not after a revert.
      const carriedOn =
        stack.status === StackStatus.UpdateInProgress &&
        (await this.hooks.of(resource.resourceType).afterMade?.(tx, stack, resource, result, 'update'));
      if (!carriedOn) await this.updates.updated(tx, stack, resource, result);
    });
  }

  @EventPattern(ResourceUpdateFailed.routingKey)
  async onUpdateFailed(@Payload() event: ResourceUpdateFailedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.outcomes.apply(ctx, event, UPDATING, (tx, stack, resource) =>
      this.updates.updateFailed(tx, stack, resource, event.reason),
    );
  }
}
