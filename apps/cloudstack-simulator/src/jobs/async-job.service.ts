import { randomUUID } from 'node:crypto';

import { formatCloudStackDate } from '@cfn/cloudstack';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import { ApiError, ApiErrorCode } from '../api/api-error';
import { FaultInjector } from '../faults/fault-injector';
import { AccountRegistry } from '../state/account-registry';
import { AccountRecord, AsyncJobRecord, UserRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';

export interface AsyncJobSpec {
  /** The API command, e.g. deployVirtualMachine: picks the job duration from the faults. */
  command: string;
  /** The Java command class CloudStack reports in `cmd`, e.g. org.apache.cloudstack.api.command.user.vm.DeployVMCmd. */
  cmd: string;
  /** Who submitted the job. */
  account: AccountRecord;
  /** The user who submitted it; the account's first user when absent. */
  user?: UserRecord;
  instanceType?: string;
  instanceId?: string;
  /** Time the job stays pending before its work runs, unless the faults' jobDuration says otherwise. */
  delayMs?: number;
  /** The job's work; what it returns becomes `jobresult`. */
  run: () => Promise<Record<string, unknown>>;
}

/** The path as CloudStack's domain table holds it (and its job responses show): `/` for ROOT, `/child/` below. */
export const domainPathInDatabase = (path: string) => `${path.replace(/^ROOT/, '')}/`;

/** Runs asynchronous commands as CloudStack's async job manager does: pending, then succeeded or failed. */
@Injectable()
export class AsyncJobService implements OnApplicationShutdown {
  private readonly logger = new Logger(AsyncJobService.name);
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly state: SimulatorState,
    private readonly accounts: AccountRegistry,
    private readonly faults: FaultInjector,
  ) {}

  submit(spec: AsyncJobSpec): AsyncJobRecord {
    const job: AsyncJobRecord = {
      jobid: randomUUID(),
      cmd: spec.cmd,
      jobinstancetype: spec.instanceType ?? 'None',
      jobinstanceid: spec.instanceId,
      jobstatus: 0,
      jobresultcode: 0,
      created: new Date(),
      accountid: spec.account.id,
      userid: spec.user?.id ?? spec.account.userid,
    };
    this.state.jobs.set(job.jobid, job);
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.execute(job, spec.run);
      },
      this.faults.jobDurationMs(spec.command, spec.delayMs ?? 0),
    );
    this.timers.add(timer);
    return job;
  }

  find(jobid: string): AsyncJobRecord | undefined {
    return this.state.jobs.get(jobid);
  }

  all(): AsyncJobRecord[] {
    return [...this.state.jobs.values()];
  }

  toResponse(job: AsyncJobRecord): Record<string, unknown> {
    const account = this.accounts.ownerOf(job);
    return {
      accountid: account.id,
      account: account.name,
      domainid: account.domainid,
      domainpath: domainPathInDatabase(account.domainpath),
      userid: job.userid ?? account.userid,
      cmd: job.cmd,
      jobstatus: job.jobstatus,
      jobprocstatus: 0,
      jobresultcode: job.jobresultcode,
      jobresulttype: 'object',
      ...(job.jobresult !== undefined ? { jobresult: job.jobresult } : {}),
      ...(job.jobinstanceid !== undefined
        ? { jobinstancetype: job.jobinstancetype, jobinstanceid: job.jobinstanceid }
        : {}),
      created: formatCloudStackDate(job.created),
      ...(job.completed ? { completed: formatCloudStackDate(job.completed) } : {}),
      jobid: job.jobid,
    };
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async execute(job: AsyncJobRecord, run: AsyncJobSpec['run']): Promise<void> {
    try {
      job.jobresult = await run();
      job.jobstatus = 1;
      job.jobresultcode = 0;
    } catch (err) {
      const failure = err instanceof ApiError ? err : ApiError.internal((err as Error)?.message ?? String(err));
      if (!(err instanceof ApiError)) this.logger.error(`job ${job.jobid} (${job.cmd}) crashed: ${failure.errortext}`);
      // An ExceptionResponse, as CloudStack puts in a failed job's jobresult.
      job.jobresult = {
        errorcode: failure.errorcode,
        ...(failure.cserrorcode !== undefined ? { cserrorcode: failure.cserrorcode } : {}),
        errortext: failure.errortext,
      };
      job.jobstatus = 2;
      job.jobresultcode = failure.errorcode ?? ApiErrorCode.INTERNAL_ERROR;
    }
    job.completed = new Date();
  }
}
