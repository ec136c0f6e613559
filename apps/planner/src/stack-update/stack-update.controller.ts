import {
  StackRollbackContinueRequested,
  StackRollbackContinueRequestedV1,
  StackUpdateCancelRequested,
  StackUpdateCancelRequestedV1,
  StackUpdateRejected,
  StackUpdateRejectedV1,
  StackUpdateValidated,
  StackUpdateValidatedV1,
} from '@cfn/contracts';
import { RabbitContext, UnitOfWork } from '@cfn/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { StackRepository } from '../stack-engine/stack-repository';
import { StackUpdater } from './stack-updater';

/** Thrown when the planner does not know the stack yet: the message is retried after a delay. */
class StackNotPlannedYet extends Error {}

/** UpdateStack (validated or refused by the validator), CancelUpdateStack and ContinueUpdateRollback. */
@Controller()
export class StackUpdateController {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackUpdater) private readonly updater: StackUpdater,
  ) {}

  @EventPattern(StackUpdateValidated.routingKey)
  async onUpdateValidated(@Payload() event: StackUpdateValidatedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.withStack(ctx, event.stackId, (tx, stack) => this.updater.begin(tx, stack, event));
  }

  @EventPattern(StackUpdateRejected.routingKey)
  async onUpdateRejected(@Payload() event: StackUpdateRejectedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.withStack(ctx, event.stackId, (tx, stack) => this.updater.reject(tx, stack, event));
  }

  @EventPattern(StackUpdateCancelRequested.routingKey)
  async onCancelRequested(@Payload() event: StackUpdateCancelRequestedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.withStack(ctx, event.stackId, (tx, stack) => this.updater.cancel(tx, stack, event.clientRequestToken));
  }

  @EventPattern(StackRollbackContinueRequested.routingKey)
  async onContinueRollback(
    @Payload() event: StackRollbackContinueRequestedV1,
    @Ctx() ctx: RabbitContext,
  ): Promise<void> {
    await this.withStack(ctx, event.stackId, (tx, stack) =>
      this.updater.continueRollback(tx, stack, event.resourcesToSkip, event.clientRequestToken),
    );
  }

  private async withStack(
    ctx: RabbitContext,
    stackId: string,
    work: (
      tx: Parameters<Parameters<UnitOfWork['run']>[1]>[0],
      stack: NonNullable<Awaited<ReturnType<StackRepository['lockStack']>>>,
    ) => Promise<void>,
  ): Promise<void> {
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      const stack = await this.repository.lockStack(tx, stackId);
      if (!stack) throw new StackNotPlannedYet(`stack ${stackId} is not planned yet`);
      await work(tx, stack);
    });
  }
}
