import {
  StackCreateRequested,
  StackCreateRequestedV1,
  stackIdentityOf,
  StackLifecycleOptions,
  TemplateRejected,
  TemplateValidated,
} from '@cfn/contracts';
import { FINAL_ATTEMPT, RabbitContext, UnitOfWork } from '@cfn/messaging';
import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { StackValidator } from './stack-validator';

/** The pipeline's gate: a requested stack goes on to the planner only with a template that passed every check. */
@Controller()
export class StackValidationController {
  private readonly logger = new Logger(StackValidationController.name);

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackValidator) private readonly validator: StackValidator,
  ) {}

  @EventPattern(StackCreateRequested.routingKey)
  async onStackCreateRequested(@Payload() request: StackCreateRequestedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    const identity = stackIdentityOf(request);
    // Cloud lookups happen before the transaction: they only read, and must not hold a database connection.
    const verdict = await this.validator.validate(request, ctx.meta.attempt >= FINAL_ATTEMPT);
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      if (verdict.kind === 'rejected') {
        this.logger.log(`stack ${request.stackName} rejected: ${verdict.reason}`);
        await tx.publish(
          TemplateRejected,
          { ...identity, reason: verdict.reason, ...lifecycleOptionsOf(request) },
          request.stackId,
        );
        return;
      }
      const { checked, availabilityZones } = verdict;
      await tx.publish(
        TemplateValidated,
        {
          ...identity,
          template: checked.template as unknown as Record<string, unknown>,
          parameters: checked.parameters,
          noEchoParameters: checked.noEchoParameters,
          ...(availabilityZones ? { availabilityZones } : {}),
          tags: request.tags,
          disableRollback: request.disableRollback,
          ...lifecycleOptionsOf(request),
        },
        request.stackId,
      );
    });
  }
}

/** OnFailure, TimeoutInMinutes and the request token travel on to the planner unchanged. */
function lifecycleOptionsOf(request: StackCreateRequestedV1): StackLifecycleOptions {
  const { onFailure, timeoutInMinutes, clientRequestToken } = request;
  return {
    ...(onFailure ? { onFailure } : {}),
    ...(timeoutInMinutes ? { timeoutInMinutes } : {}),
    ...(clientRequestToken ? { clientRequestToken } : {}),
  };
}
