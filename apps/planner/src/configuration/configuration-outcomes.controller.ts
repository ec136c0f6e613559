import {
  ResourceConfigureFailed,
  ResourceConfigureFailedV1,
  ResourceConfigureProgress,
  ResourceConfigureProgressV1,
  ResourceConfigureSucceeded,
  ResourceConfigureSucceededV1,
} from '@cfn/contracts';
import { RabbitContext } from '@cfn/messaging';
import { newId } from '@cfn/runtime';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { CreationCompletion } from '../creation-policy/creation-completion';
import { ExpectedState, OutcomeApplier } from '../resource-outcomes/outcome-applier';
import { isMemberLogicalId } from '../resource-types/auto-scaling-group/member-configuration-request';
import { MemberConfigurations } from '../resource-types/auto-scaling-group/member-configurations';
import { StackEngine } from '../stack-engine/stack-engine';
import { StackEventWriter } from '../stack-engine/stack-event-writer';
import { StackStatusWriter } from '../stack-engine/stack-status-writer';
import { ResourceStatus } from '../stack-engine/statuses';
import { UpdateOutcomes } from '../stack-update/update-outcomes';

const CONFIGURING: ExpectedState[] = [
  { status: ResourceStatus.CreateInProgress, phase: 'CONFIGURING' },
  // A VM that replaces another in a stack update.
  { status: ResourceStatus.UpdateInProgress, phase: 'CONFIGURING' },
];

/** Outcomes of the configurator: a configured VM completes its resource; a failed task fails it (and the stack follows OnFailure). */
@Controller()
export class ConfigurationOutcomesController {
  private readonly events = new StackEventWriter();

  constructor(
    @Inject(OutcomeApplier) private readonly outcomes: OutcomeApplier,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(CreationCompletion) private readonly creation: CreationCompletion,
    @Inject(MemberConfigurations) private readonly members: MemberConfigurations,
    @Inject(UpdateOutcomes) private readonly updates: UpdateOutcomes,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
  ) {}

  @EventPattern(ResourceConfigureSucceeded.routingKey)
  async onConfigured(@Payload() event: ResourceConfigureSucceededV1, @Ctx() ctx: RabbitContext): Promise<void> {
    if (isMemberLogicalId(event.logicalId)) return this.members.onSucceeded(event, ctx);
    await this.outcomes.apply(ctx, event, CONFIGURING, async (tx, stack, resource) => {
      if (resource.status === ResourceStatus.UpdateInProgress) {
        return this.updates.updated(tx, stack, resource, {
          physicalId: resource.physicalId!,
          attributes: resource.attributes ?? {},
        });
      }
      await this.creation.complete(tx, stack, resource, {}, resource.physicalId ? [resource.physicalId] : []);
    });
  }

  @EventPattern(ResourceConfigureFailed.routingKey)
  async onConfigurationFailed(@Payload() event: ResourceConfigureFailedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    if (isMemberLogicalId(event.logicalId)) return this.members.onFailed(event, ctx);
    await this.outcomes.apply(ctx, event, CONFIGURING, async (tx, stack, resource) => {
      if (resource.status === ResourceStatus.UpdateInProgress) {
        return this.updates.updateFailed(tx, stack, resource, event.reason);
      }
      await this.writer.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, event.reason, {
        phase: null,
      });
      await this.engine.advance(tx, stack);
    });
  }

  /** Each task on each host is a stack event (the configurator has already masked secrets). */
  @EventPattern(ResourceConfigureProgress.routingKey)
  async onProgress(@Payload() event: ResourceConfigureProgressV1, @Ctx() ctx: RabbitContext): Promise<void> {
    if (isMemberLogicalId(event.logicalId)) return this.members.onProgress(event, ctx);
    await this.outcomes.apply(ctx, event, CONFIGURING, async (tx, stack, resource) => {
      this.events.append(tx, {
        eventId: newId(),
        stackId: stack.id,
        stackName: stack.name,
        logicalId: resource.logicalId,
        physicalId: resource.physicalId ?? '',
        resourceType: resource.resourceType,
        status: resource.status ?? ResourceStatus.CreateInProgress,
        statusReason: `${event.host}: ${event.task}: ${event.result}`,
        resourceProperties: null,
        timestamp: new Date(event.at),
      });
    });
  }
}
