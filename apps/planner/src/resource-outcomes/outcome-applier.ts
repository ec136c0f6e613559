import { Inject, Injectable, Logger } from '@nestjs/common';
import { RabbitContext, Transaction, UnitOfWork } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { StackEngine } from '../stack-engine/stack-engine';

/** The state a resource must be in for an outcome to apply: the attempt the planner waits for, and its phase. */
export interface ExpectedState {
  status: string;
  phase: StackResource['phase'];
}

/**
 * Applies an outcome (of the provisioner or the configurator) only if it answers the attempt the planner is
 * waiting for: same operation id, resource still in the expected status and phase. A duplicate or stale outcome
 * changes nothing.
 */
@Injectable()
export class OutcomeApplier {
  private readonly logger = new Logger(OutcomeApplier.name);

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackEngine) private readonly engine: StackEngine,
  ) {}

  async apply(
    ctx: RabbitContext,
    event: { stackId: string; logicalId: string; operationId: string },
    expected: ExpectedState | ExpectedState[],
    change: (tx: Transaction, stack: Stack, resource: StackResource) => Promise<void>,
  ): Promise<void> {
    await this.unitOfWork.run(ctx.meta, async (tx) => {
      const stack = await this.engine.lockStack(tx, event.stackId);
      if (!stack) return this.logger.warn(`outcome for unknown stack ${event.stackId} ignored`);
      const resource = await this.engine.resource(tx, stack.id, event.logicalId);
      const current = resource && resource.operationId === event.operationId &&
        [expected].flat().some((state) => resource.status === state.status && (resource.phase ?? null) === state.phase);
      if (!current) {
        this.logger.warn(`stale outcome ${ctx.meta.routingKey} for ${event.logicalId} (operation ${event.operationId}) ignored`);
        return;
      }
      await change(tx, stack, resource);
    });
  }
}
