import { Controller, Inject, Logger } from '@nestjs/common';
import { StackCreateRequested, StackCreateRequestedV1, TemplateRejected, TemplateValidated } from '@cfn/contracts';
import { RabbitContext, UnitOfWork } from '@cfn/messaging';
import { StackTemplateChecker } from '@cfn/resources';
import { TemplateValidationError } from '@cfn/template';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/** The pipeline's gate: a requested stack goes on to the planner only with a template that passed every check. */
@Controller()
export class StackValidationController {
  private readonly logger = new Logger(StackValidationController.name);

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackTemplateChecker) private readonly checker: StackTemplateChecker,
  ) {}

  @EventPattern(StackCreateRequested.routingKey)
  async onStackCreateRequested(@Payload() request: StackCreateRequestedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    const identity = {
      stackId: request.stackId,
      stackArn: request.stackArn,
      stackName: request.stackName,
      accountId: request.accountId,
      region: request.region,
    };
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      try {
        const checked = this.checker.check(
          request.templateBody,
          request.parameters.map((p) => ({ ParameterKey: p.key, ParameterValue: p.value })),
        );
        await tx.publish(TemplateValidated, {
          ...identity,
          template: checked.template as unknown as Record<string, unknown>,
          parameters: checked.parameters,
          noEchoParameters: checked.noEchoParameters,
          tags: request.tags,
          disableRollback: request.disableRollback,
        }, request.stackId);
      } catch (error) {
        if (!(error instanceof TemplateValidationError)) throw error;
        this.logger.log(`stack ${request.stackName} rejected: ${error.message}`);
        await tx.publish(TemplateRejected, { ...identity, reason: error.message }, request.stackId);
      }
    });
  }
}
