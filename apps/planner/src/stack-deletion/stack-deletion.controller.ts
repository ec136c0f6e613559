import { StackDeleteRequested, StackDeleteRequestedV1 } from '@cfn/contracts';
import { RabbitContext, UnitOfWork } from '@cfn/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { StackExports } from '../exports/stack-exports';
import { StackEngine } from '../stack-engine/stack-engine';
import { StackRepository } from '../stack-engine/stack-repository';
import { StackStatusWriter } from '../stack-engine/stack-status-writer';
import { ResourceStatus, StackStatus } from '../stack-engine/statuses';
import { UPDATE_STATUSES } from '../stack-update/update-statuses';

/** Thrown while the stack is still being validated: the message is retried after a delay. */
class StackNotPlannedYet extends Error {}

/** Thrown while an update is running: the delete waits (retried after a delay) for it to settle. */
class StackBeingUpdated extends Error {}

/** DeleteStack: tear the stack down in reverse dependency order, also while it is still being created. */
@Controller()
export class StackDeletionController {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(StackStatusWriter) private readonly writer: StackStatusWriter,
    @Inject(StackExports) private readonly exports: StackExports,
  ) {}

  @EventPattern(StackDeleteRequested.routingKey)
  async onDeleteRequested(@Payload() event: StackDeleteRequestedV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      const stack = await this.repository.lockStack(tx, event.stackId);
      if (!stack) throw new StackNotPlannedYet(`stack ${event.stackId} is not planned yet`);
      if (stack.status === StackStatus.DeleteComplete || stack.status === StackStatus.DeleteInProgress) return;
      // The api refuses DeleteStack during an update, as AWS does; one that raced past it waits, so the update's
      // retired objects and its requests in flight are settled by the update before the stack is torn down.
      if (UPDATE_STATUSES.has(stack.status))
        throw new StackBeingUpdated(`stack ${stack.name} is ${stack.status}; delete deferred`);
      await this.repository.saveStack(tx, stack, {
        clientRequestToken: event.clientRequestToken ?? null,
        retainResources: event.retainResources ?? null,
      });
      const inUse = await this.exports.inUse(tx, stack);
      if (inUse) {
        // AWS refuses before touching any resource: the stack is DELETE_FAILED and keeps everything.
        await this.writer.setStackStatus(tx, stack, StackStatus.DeleteInProgress, 'User Initiated');
        await this.writer.setStackStatus(
          tx,
          stack,
          StackStatus.DeleteFailed,
          `Export ${inUse.name} cannot be deleted as it is in use by ${listOfNames(inUse.importers)}`,
        );
        return;
      }
      const resources = await this.repository.resourcesOf(tx, stack.id);
      // A retried delete tries again what failed to delete last time.
      for (const resource of resources.filter((r) => r.status === ResourceStatus.DeleteFailed)) {
        await this.repository.markResource(tx, resource, { status: ResourceStatus.CreateComplete });
      }
      await this.writer.setStackStatus(tx, stack, StackStatus.DeleteInProgress, 'User Initiated');
      await this.engine.advance(tx, stack, resources);
    });
  }
}

/** "a", "a and b", "a, b and c": how AWS lists the stacks that import an export. */
function listOfNames(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
