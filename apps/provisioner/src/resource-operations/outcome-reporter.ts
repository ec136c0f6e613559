import { IncomingMessageMeta, UnitOfWork } from '@cfn/messaging';
import { WriteCoalescer } from '@cfn/runtime';
import { Inject, Injectable } from '@nestjs/common';

import { OperationOutcome, publishOutcome } from './operation-outcome';

interface OutcomeReport {
  meta: IncomingMessageMeta;
  request: { operationId: string; stackId: string; logicalId: string };
  outcome: OperationOutcome;
}

/** Reports written in one transaction at most. */
const MAX_BATCH = 200;
/** Transactions in flight at once; reports arriving meanwhile wait for the next one (group commit). */
const MAX_CONCURRENT_FLUSHES = 2;

/**
 * Tells the planner the outcome of a request, in the transaction that marks the request handled in the inbox. The
 * outcomes of requests that finish together (hundreds of deploy jobs seen done in one listing round) share one
 * transaction: one inbox INSERT, one outbox INSERT and one commit for all of them. If such a transaction fails, each
 * outcome of it is reported on its own, so one bad report cannot hold the others back. A request is acknowledged
 * only after the transaction that reported it committed.
 */
@Injectable()
export class OutcomeReporter {
  private readonly coalescer: WriteCoalescer<OutcomeReport, void>;

  constructor(@Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork) {
    this.coalescer = new WriteCoalescer((batch) => this.writeTogether(batch), {
      maxBatch: MAX_BATCH,
      maxConcurrentFlushes: MAX_CONCURRENT_FLUSHES,
      flushOne: (report) => this.writeAlone(report),
    });
  }

  report(meta: IncomingMessageMeta, request: OutcomeReport['request'], outcome: OperationOutcome): Promise<void> {
    return this.coalescer.submit({ meta, request, outcome });
  }

  private async writeTogether(batch: OutcomeReport[]): Promise<void[]> {
    const byMessage = new Map(batch.map((report) => [report.meta.messageId, report]));
    await this.unitOfWork.runMany(
      batch.map((report) => report.meta),
      async (tx, fresh) => {
        for (const meta of fresh) {
          const { request, outcome } = byMessage.get(meta.messageId)!;
          tx.handling(meta);
          await publishOutcome(tx, request, outcome);
        }
      },
    );
    return batch.map(() => undefined);
  }

  private async writeAlone({ meta, request, outcome }: OutcomeReport): Promise<void> {
    await this.unitOfWork.run(meta, (tx) => publishOutcome(tx, request, outcome));
  }
}
