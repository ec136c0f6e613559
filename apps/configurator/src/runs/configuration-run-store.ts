import { ResourceConfigureRequestedV1 } from '@cfn/contracts';
import { ConfigurationRun, ConfigurationTaskResult } from '@cfn/persistence';
import { DataSource, EntityManager } from 'typeorm';

import { TaskReport } from '../engine/play-runner';
import { RequestSealer } from './sealed-request';

export interface RunIdentity {
  operationId: string;
  stackId: string;
  logicalId: string;
  host: string;
}

/** configuration_runs and configuration_task_results: what ran, how it ended, and each task's output. */
export class ConfigurationRunStore {
  /** Without a sealer (no master secret: the configurator cannot run anything) no request is kept for recovery. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly sealer: RequestSealer | null = null,
  ) {}

  find(operationId: string): Promise<ConfigurationRun | null> {
    return this.dataSource.getRepository(ConfigurationRun).findOneBy({ operationId });
  }

  /** Records the request before anyone works on it (once; later copies find the row), so it can be resumed. */
  async register(request: ResourceConfigureRequestedV1): Promise<void> {
    await this.dataSource.query(
      `INSERT IGNORE INTO configuration_runs
         (operation_id, stack_id, stack_name, logical_id, host, check_mode, status, attempts, started_at, request)
       VALUES (?, ?, ?, ?, ?, ?, 'IN_PROGRESS', 0, UTC_TIMESTAMP(3), ?)`,
      [
        request.operationId,
        request.stackId,
        request.stackName,
        request.logicalId,
        request.host.address,
        request.checkMode ? 1 : 0,
        this.sealer ? JSON.stringify(this.sealer.seal(request)) : null,
      ],
    );
  }

  /** The request a run carries out, as `register` stored it; null when none was kept. */
  storedRequest(run: ConfigurationRun): ResourceConfigureRequestedV1 | null {
    return this.sealer ? this.sealer.open(run.request, run.operationId) : null;
  }

  /**
   * Records that the run starts (or starts again after a crash: the task results of the unfinished attempt are
   * dropped, the run is repeated, and idempotent tasks make the repetition harmless).
   */
  async start(request: ResourceConfigureRequestedV1): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO configuration_runs (operation_id, stack_id, stack_name, logical_id, host, check_mode, status, attempts, started_at)
         VALUES (?, ?, ?, ?, ?, ?, 'IN_PROGRESS', 1, UTC_TIMESTAMP(3))
         ON DUPLICATE KEY UPDATE attempts = attempts + 1, started_at = UTC_TIMESTAMP(3)`,
        [
          request.operationId,
          request.stackId,
          request.stackName,
          request.logicalId,
          request.host.address,
          request.checkMode ? 1 : 0,
        ],
      );
      await manager.getRepository(ConfigurationTaskResult).delete({ operationId: request.operationId });
    });
  }

  async recordTask(manager: EntityManager, run: RunIdentity, report: TaskReport): Promise<void> {
    await manager.getRepository(ConfigurationTaskResult).insert({
      operationId: run.operationId,
      seq: report.seq,
      stackId: run.stackId,
      logicalId: run.logicalId,
      host: run.host,
      taskName: report.name.slice(0, 512),
      module: report.module,
      result: report.result,
      message: report.message,
      output: report.output,
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
    });
  }

  async finish(
    manager: EntityManager,
    operationId: string,
    outcome: Pick<ConfigurationRun, 'status' | 'reason' | 'summary'>,
  ): Promise<void> {
    await manager.getRepository(ConfigurationRun).update({ operationId }, { ...outcome, finishedAt: new Date() });
  }

  /** The task results of the latest run of each resource of a stack (or of one resource), in order. */
  async latestResults(
    stackId: string,
    logicalId?: string,
  ): Promise<{ run: ConfigurationRun; tasks: ConfigurationTaskResult[] }[]> {
    const runs = await this.dataSource.getRepository(ConfigurationRun).find({
      where: { stackId, ...(logicalId ? { logicalId } : {}) },
      order: { startedAt: 'DESC' },
    });
    const seen = new Set<string>();
    const latest = runs.filter((run) => !seen.has(run.logicalId) && seen.add(run.logicalId));
    return Promise.all(
      latest.map(async (run) => ({
        run,
        tasks: await this.dataSource
          .getRepository(ConfigurationTaskResult)
          .find({ where: { operationId: run.operationId }, order: { seq: 'ASC' } }),
      })),
    );
  }
}
