import { UnitOfWork } from '@cfn/messaging';
import { AbandonedWorkSweeper, WorkLeases } from '@cfn/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { publishOutcome } from '../resource-operations/operation-outcome';
import { CLOUD_OPERATION_LEASES, ResourceOperator } from '../resource-operations/resource-operator';

/**
 * At start-up, and every lease period after, takes over cloud operations whose worker died (their lease ran out)
 * from their stored request and last recorded step, and reports the outcome to the planner. The request message
 * of such an operation may be gone (dead-lettered, or handled by the dead worker without an ack that arrived);
 * this makes the work independent of it. A copy of the request that does arrive waits for the lease and reports
 * the same outcome, which the planner applies once.
 */
@Injectable()
export class OperationRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OperationRecovery.name);
  private readonly sweeper: AbandonedWorkSweeper;

  constructor(
    @Inject(CLOUD_OPERATION_LEASES) private readonly leases: WorkLeases,
    @Inject(ResourceOperator) private readonly operator: ResourceOperator,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
  ) {
    this.sweeper = new AbandonedWorkSweeper({
      intervalMs: leases.ttlMs,
      concurrency: 50,
      find: (limit) => this.leases.abandoned(limit, 'request IS NOT NULL'),
      takeOver: (operationId) => this.takeOver(operationId),
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    this.leases.start();
    this.sweeper.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweeper.stop();
    await this.leases.stop();
  }

  private async takeOver(operationId: string): Promise<void> {
    const resumed = await this.operator.resume(operationId);
    if (!resumed) return;
    await this.unitOfWork.run(null, (tx) => publishOutcome(tx, resumed.request, resumed.outcome));
  }
}
