import { AbandonedWorkSweeper, WorkLeases } from '@cfn/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { CONFIGURATION_RUN_LEASES, ConfigurationRunner } from '../configure/configuration-runner';

/**
 * At start-up, and every lease period after, runs again the configurations whose worker died mid-play (their lease
 * ran out), from the stored request, and reports their outcome. Tasks check before they change, so the part the
 * dead worker already did is found done.
 */
@Injectable()
export class ConfigurationRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConfigurationRecovery.name);
  private readonly sweeper: AbandonedWorkSweeper;

  constructor(
    @Inject(CONFIGURATION_RUN_LEASES) private readonly leases: WorkLeases,
    @Inject(ConfigurationRunner) private readonly runner: ConfigurationRunner,
  ) {
    this.sweeper = new AbandonedWorkSweeper({
      intervalMs: leases.ttlMs,
      concurrency: 20,
      find: (limit) => this.leases.abandoned(limit, 'request IS NOT NULL'),
      takeOver: async (operationId) => {
        await this.runner.resume(operationId);
      },
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
}
