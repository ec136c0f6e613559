import { WaitConditionSignaled, WaitConditionSignaledV1 } from '@cfn/contracts';
import { RabbitContext, UnitOfWork } from '@cfn/messaging';
import { StackResource } from '@cfn/persistence';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

import { CreationCompletion } from '../creation-policy/creation-completion';
import { ResourceSignalEvents } from '../creation-policy/resource-signal-events';
import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';
import { StackEngine } from '../stack-engine/stack-engine';
import { StackRepository } from '../stack-engine/stack-repository';
import { ResourceStatus } from '../stack-engine/statuses';

/**
 * Signals sent to a wait condition handle: kept (a later signal with the same UniqueId replaces an earlier one),
 * then every wait condition of the stack listening to that handle is checked.
 */
@Controller()
export class WaitConditionSignalsController {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
    @Inject(StackRepository) private readonly repository: StackRepository,
    @Inject(CreationCompletion) private readonly creation: CreationCompletion,
    @Inject(ResourceTypeHookRegistry) private readonly hooks: ResourceTypeHookRegistry,
  ) {}

  private readonly signalEvents = new ResourceSignalEvents();

  @EventPattern(WaitConditionSignaled.routingKey)
  async onSignal(@Payload() signal: WaitConditionSignaledV1, @Ctx() ctx: RabbitContext): Promise<void> {
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      const stack = await this.repository.lockStack(tx, signal.stackId);
      await tx.manager.query(
        `INSERT INTO stack_signals (stack_id, handle_logical_id, unique_id, status, reason, data, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE status = VALUES(status), reason = VALUES(reason), data = VALUES(data), received_at = VALUES(received_at)`,
        [
          signal.stackId,
          signal.handleLogicalId,
          signal.uniqueId,
          signal.status,
          signal.reason,
          signal.data,
          new Date(signal.receivedAt),
        ],
      );
      // A signal before the planner knows the stack is kept; the wait condition finds it when it starts.
      if (!stack) return;
      await this.signalEvents.record(tx, stack, signal);
      const waiting = await tx.manager.findBy(StackResource, {
        stackId: stack.id,
        status: ResourceStatus.CreateInProgress,
        phase: 'AWAITING_SIGNALS',
      });
      for (const resource of waiting) {
        // A type that waits itself (a wait condition) says which handle it listens to; SignalResource names the
        // resource itself (its CreationPolicy).
        const hooks = this.hooks.of(resource.resourceType);
        if (this.hooks.waitsItself(resource)) {
          if (hooks.listensTo?.(resource, signal.handleLogicalId)) await this.engine.checkAwaiting(tx, stack, resource);
        } else if (resource.logicalId === signal.handleLogicalId) {
          await this.creation.checkSignals(tx, stack, resource);
        }
      }
    });
  }
}
