import { IncomingMessageMeta, RabbitContext, Transaction, UnitOfWork } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { StackRepository } from '../stack-engine/stack-repository';

/** The state a resource must be in for an outcome to apply: the attempt the planner waits for, and its phase. */
export interface ExpectedState {
  status: string;
  phase: StackResource['phase'];
}

type OutcomeEvent = { stackId: string; logicalId: string; operationId: string };
type Change = (tx: Transaction, stack: Stack, resource: StackResource) => Promise<void>;

interface PendingOutcome {
  meta: IncomingMessageMeta;
  event: OutcomeEvent;
  expected: ExpectedState | ExpectedState[];
  change: Change;
  settle: (error?: unknown) => void;
}

/** Outcomes of one stack applied in one transaction at most (a bound on the time the stack row stays locked). */
const MAX_BATCH = 100;

/**
 * Applies an outcome (of the provisioner or the configurator) only if it answers the attempt the planner is
 * waiting for: same operation id, resource still in the expected status and phase. A duplicate or stale outcome
 * changes nothing.
 *
 * Outcomes of one stack are serialised by its row lock anyway, so those that arrive while a transaction of the
 * stack runs are applied together in the next one (group commit): one lock, one commit for many outcomes, which is
 * what keeps a 500-resource stack from queueing 500 commits behind each other. Each message is acknowledged when
 * the transaction that applied it committed. If a batch fails, its outcomes are applied one by one, so one bad
 * outcome cannot hold the others back.
 */
@Injectable()
export class OutcomeApplier {
  private readonly logger = new Logger(OutcomeApplier.name);
  private readonly pending = new Map<string, PendingOutcome[]>();

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(StackRepository) private readonly repository: StackRepository,
  ) {}

  apply(
    ctx: RabbitContext,
    event: OutcomeEvent,
    expected: ExpectedState | ExpectedState[],
    change: Change,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queue = this.pending.get(event.stackId);
      const item: PendingOutcome = {
        meta: ctx.meta,
        event,
        expected,
        change,
        settle: (error) => (error === undefined ? resolve() : reject(error)),
      };
      if (queue) {
        queue.push(item);
        return;
      }
      this.pending.set(event.stackId, [item]);
      void this.drain(event.stackId);
    });
  }

  private async drain(stackId: string): Promise<void> {
    const queue = this.pending.get(stackId)!;
    // The deliveries read together reach `apply` one after the other, each after a few awaits of its own: one turn
    // of the event loop lets them all join the first batch, which would otherwise hold the first of them alone.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        await this.applyBatch(stackId, batch);
        batch.forEach((item) => item.settle());
      } catch (error) {
        if (batch.length === 1) {
          batch[0].settle(error);
          continue;
        }
        for (const item of batch) {
          await this.applyBatch(stackId, [item]).then(
            () => item.settle(),
            (single) => item.settle(single),
          );
        }
      }
    }
    this.pending.delete(stackId);
  }

  private async applyBatch(stackId: string, batch: PendingOutcome[]): Promise<void> {
    const byMessage = new Map(batch.map((item) => [item.meta.messageId, item]));
    await this.unitOfWork.runMany(
      batch.map((item) => item.meta),
      async (tx, fresh) => {
        const stack = await this.repository.lockStack(tx, stackId);
        if (!stack) return this.logger.warn(`outcome for unknown stack ${stackId} ignored`);
        // The batch's rows in one read; an outcome whose change writes other rows makes the rest read theirs again.
        const logicalIds = [...new Set(fresh.map((meta) => byMessage.get(meta.messageId)!.event.logicalId))];
        if (logicalIds.length > 1) {
          await this.repository.primeResources(tx, stack.id, logicalIds);
        }
        for (const meta of fresh) {
          const { event, expected, change } = byMessage.get(meta.messageId)!;
          tx.handling(meta);
          const resource = await this.repository.resource(tx, stack.id, event.logicalId);
          const current =
            resource &&
            resource.operationId === event.operationId &&
            [expected]
              .flat()
              .some((state) => resource.status === state.status && (resource.phase ?? null) === state.phase);
          if (!current) {
            this.logger.warn(
              `stale outcome ${meta.routingKey} for ${event.logicalId} (operation ${event.operationId}) ignored`,
            );
            continue;
          }
          await change(tx, stack, resource);
        }
      },
    );
  }
}
