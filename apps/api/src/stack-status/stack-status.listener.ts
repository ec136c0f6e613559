import { StackStatusChanged, StackStatusChangedV1 } from '@cfn/contracts';
import { RabbitContext, UnitOfWork } from '@cfn/messaging';
import { StackRequest } from '@cfn/persistence';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/** Releases a stack's name once the planner reports it deleted, so the name can be used again. */
@Controller()
export class StackStatusListener {
  constructor(@Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork) {}

  @EventPattern(StackStatusChanged.routingKey)
  async onStatusChanged(@Payload() event: StackStatusChangedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    if (event.status !== 'DELETE_COMPLETE') return;
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      await tx.manager.update(StackRequest, { stackId: event.stackId }, { nameLock: null });
    });
  }
}
