import {
  ResourceCreateRequested,
  ResourceCreateRequestedV1,
  ResourceDeleteRequested,
  ResourceDeleteRequestedV1,
  ResourceUpdateRequested,
  ResourceUpdateRequestedV1,
} from '@cfn/contracts';
import { FINAL_ATTEMPT, RabbitContext } from '@cfn/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { OperationOutcome } from './operation-outcome';
import { OutcomeReporter } from './outcome-reporter';
import { ResourceOperator } from './resource-operator';

/** Resource operations requested by the planner; the outcome goes back in the same transaction as the inbox mark. */
@Controller()
export class ResourceOperationsController {
  constructor(
    @Inject(OutcomeReporter) private readonly reporter: OutcomeReporter,
    @Inject(ResourceOperator) private readonly operator: ResourceOperator,
  ) {}

  @EventPattern(ResourceCreateRequested.routingKey)
  async onCreateRequested(@Payload() request: ResourceCreateRequestedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    const outcome = await this.operator.create(request, ctx.meta.attempt >= FINAL_ATTEMPT);
    await this.report(ctx, request, outcome);
  }

  @EventPattern(ResourceDeleteRequested.routingKey)
  async onDeleteRequested(@Payload() request: ResourceDeleteRequestedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    const outcome = await this.operator.delete(request, ctx.meta.attempt >= FINAL_ATTEMPT);
    await this.report(ctx, request, outcome);
  }

  @EventPattern(ResourceUpdateRequested.routingKey)
  async onUpdateRequested(@Payload() request: ResourceUpdateRequestedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    const outcome = await this.operator.update(request, ctx.meta.attempt >= FINAL_ATTEMPT);
    await this.report(ctx, request, outcome);
  }

  private async report(
    ctx: RabbitContext,
    request: { operationId: string; stackId: string; logicalId: string },
    outcome: OperationOutcome,
  ): Promise<void> {
    await this.reporter.report(ctx.meta, request, outcome);
  }
}
