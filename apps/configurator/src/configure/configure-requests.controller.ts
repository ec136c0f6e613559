import { ResourceConfigureRequested, ResourceConfigureRequestedV1 } from '@cfn/contracts';
import { RabbitContext } from '@cfn/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { ConfigurationRunner } from './configuration-runner';

/** Configuration requests from the planner: one VM each; the outcome goes back through the outbox. */
@Controller()
export class ConfigureRequestsController {
  constructor(@Inject(ConfigurationRunner) private readonly runner: ConfigurationRunner) {}

  @EventPattern(ResourceConfigureRequested.routingKey)
  async onConfigureRequested(
    @Payload() request: ResourceConfigureRequestedV1,
    @Ctx() ctx: RabbitContext,
  ): Promise<void> {
    await this.runner.handle(request, ctx.meta);
  }
}
