import {
  stackIdentityOf,
  StackUpdateRejected,
  StackUpdateRequested,
  StackUpdateRequestedV1,
  StackUpdateValidated,
} from '@cfn/contracts';
import { FINAL_ATTEMPT, RabbitContext, UnitOfWork } from '@cfn/messaging';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { StackValidator } from './stack-validator';

/** An update's new template and parameters pass the same gate as a new stack's before the planner sees them. */
@Controller()
export class StackUpdateValidationController {
  private readonly logger = new Logger(StackUpdateValidationController.name);

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackValidator) private readonly validator: StackValidator,
  ) {}

  @EventPattern(StackUpdateRequested.routingKey)
  async onStackUpdateRequested(@Payload() request: StackUpdateRequestedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    const identity = {
      ...stackIdentityOf(request),
      version: request.version,
      ...(request.clientRequestToken ? { clientRequestToken: request.clientRequestToken } : {}),
    };
    const verdict = await this.validator.validate(request, ctx.meta.attempt >= FINAL_ATTEMPT);
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      if (verdict.kind === 'rejected') {
        this.logger.log(`update ${request.version} of stack ${request.stackName} rejected: ${verdict.reason}`);
        await tx.publish(StackUpdateRejected, { ...identity, reason: verdict.reason }, request.stackId);
        return;
      }
      const { checked, availabilityZones } = verdict;
      await tx.publish(
        StackUpdateValidated,
        {
          ...identity,
          template: checked.template as unknown as Record<string, unknown>,
          parameters: checked.parameters,
          noEchoParameters: checked.noEchoParameters,
          ...(availabilityZones ? { availabilityZones } : {}),
          tags: request.tags,
          disableRollback: request.disableRollback,
        },
        request.stackId,
      );
    });
  }
}
