import { Controller, Inject, Logger } from '@nestjs/common';
import {
  ResourceCreateFailed, ResourceCreateFailedV1, ResourceCreateSucceeded, ResourceCreateSucceededV1,
  ResourceDeleteFailed, ResourceDeleteFailedV1, ResourceDeleteSucceeded, ResourceDeleteSucceededV1,
} from '@cfn/contracts';
import { RabbitContext, Transaction, UnitOfWork } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { StackEngine } from '../stack-engine/stack-engine';
import { ResourceStatus } from '../stack-engine/statuses';

/**
 * Outcomes of the provisioner's work. Each is applied only if it answers the attempt the planner is waiting
 * for (same operation id, resource still in progress), so a duplicate or stale outcome changes nothing.
 */
@Controller()
export class ResourceOutcomesController {
  private readonly logger = new Logger(ResourceOutcomesController.name);

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
  ) {}

  @EventPattern(ResourceCreateSucceeded.routingKey)
  async onCreateSucceeded(@Payload() event: ResourceCreateSucceededV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.apply(ctx, event, ResourceStatus.CreateInProgress, async (tx, stack, resource) => {
      await this.engine.setResourceStatus(tx, stack, resource, ResourceStatus.CreateComplete, null, {
        physicalId: event.physicalId, attributes: event.attributes,
      });
      await this.engine.afterResourceCreated(tx, stack, resource);
    });
  }

  @EventPattern(ResourceCreateFailed.routingKey)
  async onCreateFailed(@Payload() event: ResourceCreateFailedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.apply(ctx, event, ResourceStatus.CreateInProgress, async (tx, stack, resource) => {
      await this.engine.setResourceStatus(tx, stack, resource, ResourceStatus.CreateFailed, event.reason, {
        physicalId: event.physicalId,
      });
      await this.engine.advance(tx, stack);
    });
  }

  @EventPattern(ResourceDeleteSucceeded.routingKey)
  async onDeleteSucceeded(@Payload() event: ResourceDeleteSucceededV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.apply(ctx, event, ResourceStatus.DeleteInProgress, async (tx, stack, resource) => {
      await this.engine.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteComplete, null);
      await this.engine.afterResourceDeleted(tx, stack, resource);
    });
  }

  @EventPattern(ResourceDeleteFailed.routingKey)
  async onDeleteFailed(@Payload() event: ResourceDeleteFailedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.apply(ctx, event, ResourceStatus.DeleteInProgress, async (tx, stack, resource) => {
      await this.engine.setResourceStatus(tx, stack, resource, ResourceStatus.DeleteFailed, event.reason);
      await this.engine.afterResourceDeleted(tx, stack, resource);
    });
  }

  private async apply(
    ctx: RabbitContext,
    event: { stackId: string; logicalId: string; operationId: string },
    expectedStatus: string,
    change: (tx: Transaction, stack: Stack, resource: StackResource) => Promise<void>,
  ): Promise<void> {
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      const stack = await this.engine.lockStack(tx, event.stackId);
      if (!stack) return this.logger.warn(`outcome for unknown stack ${event.stackId} ignored`);
      const resource = await this.engine.resource(tx, stack.id, event.logicalId);
      if (!resource || resource.operationId !== event.operationId || resource.status !== expectedStatus) {
        this.logger.warn(`stale outcome ${ctx.meta.routingKey} for ${event.logicalId} (operation ${event.operationId}) ignored`);
        return;
      }
      await change(tx, stack, resource);
    });
  }
}
