import {
  ConfigureSummaryV1,
  ResourceConfigureFailed,
  ResourceConfigureProgress,
  ResourceConfigureRequestedV1,
  ResourceConfigureSucceeded,
} from '@cfn/contracts';
import { IncomingMessageMeta, UnitOfWork } from '@cfn/messaging';
import { ConfigurationRun, LeaseLostError, unlessAborted, WorkLeases } from '@cfn/persistence';
import {
  ConcurrencyLimiter,
  deriveStackKeyPair,
  HostKeyMismatchError,
  SshConnectionPool,
  SshTarget,
  SshUnreachableError,
  UnknownHostKeyError,
} from '@cfn/ssh';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import { ConfiguratorSettings } from '../configurator-settings';
import { HostConfigurator } from '../engine/host-configurator';
import { PlayReporter, RunSummary } from '../engine/play-runner';
import { PlaybookError } from '../engine/playbook/task-definition';
import { SecretMasker } from '../engine/secret-masker';
import { StackHostStore } from '../inventory/stack-host-store';
import { ConfigurationRunStore, RunIdentity } from '../runs/configuration-run-store';
import { failureReason } from './failure-reason';

type Outcome = { status: 'SUCCEEDED' | 'FAILED'; reason: string | null; summary: ConfigureSummaryV1 };

const NO_TASKS: ConfigureSummaryV1 = { ok: 0, changed: 0, failed: 0, skipped: 0 };

/** The lease on `configuration_runs` rows, one per configurator process. */
export const CONFIGURATION_RUN_LEASES = Symbol('CONFIGURATION_RUN_LEASES');

/**
 * Configures one VM per request: records the run, waits for SSH (within the request's timeout), runs the play
 * over a pooled connection under the global and per-stack limits, stores and announces each task, and publishes the
 * outcome in the same transaction that marks the message handled. A redelivered request whose run already finished
 * gets the same outcome again without touching the VM.
 *
 * Only the holder of the run's lease configures the VM: a second copy of the request waits for the lease and
 * reports the holder's outcome, or runs the play again (its tasks are idempotent) when the holder's heartbeats stop.
 */
@Injectable()
export class ConfigurationRunner implements OnApplicationShutdown {
  private readonly logger = new Logger(ConfigurationRunner.name);
  private readonly limiter: ConcurrencyLimiter;

  constructor(
    @Inject(ConfiguratorSettings) private readonly settings: ConfiguratorSettings,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(ConfigurationRunStore) private readonly runs: ConfigurationRunStore,
    @Inject(StackHostStore) private readonly hosts: StackHostStore,
    @Inject(SshConnectionPool) private readonly pool: SshConnectionPool,
    @Inject(HostConfigurator) private readonly configurator: HostConfigurator,
    @Inject(CONFIGURATION_RUN_LEASES) private readonly leases: WorkLeases,
  ) {
    this.limiter = new ConcurrencyLimiter({ global: settings.maxHosts, perKey: settings.maxHostsPerStack });
    if (!settings.masterSecret)
      this.logger.warn('CFN_SSH_MASTER_SECRET is not set: every configuration request will fail');
  }

  async handle(request: ResourceConfigureRequestedV1, meta: IncomingMessageMeta): Promise<void> {
    const earlier = await this.runs.find(request.operationId);
    if (earlier && earlier.status !== 'IN_PROGRESS') return this.report(meta, request, outcomeOf(earlier), false);
    await this.runs.register(request);
    let finishedRun: ConfigurationRun | null = null;
    const lease = await this.leases.acquireOrWait(request.operationId, async () => {
      const run = await this.runs.find(request.operationId);
      if (run && run.status !== 'IN_PROGRESS') finishedRun = run;
      return finishedRun !== null;
    });
    if (lease.kind === 'finished') return this.report(meta, request, outcomeOf(finishedRun!), false);
    await this.configureHolding(request, meta, lease.signal);
  }

  /**
   * Runs a configuration whose worker died (its lease ran out) again from its stored request and reports the
   * outcome; false when another process holds it or it finished meanwhile.
   */
  async resume(operationId: string): Promise<boolean> {
    const run = await this.runs.find(operationId);
    const request = run?.status === 'IN_PROGRESS' ? this.runs.storedRequest(run) : null;
    if (!run || !request) return false;
    const signal = await this.leases.tryAcquire(operationId);
    if (!signal) return false;
    this.logger.log(
      `taking over the configuration of ${run.logicalId} (operation ${operationId}) left by ${run.leaseOwner ?? 'a stopped worker'}`,
    );
    await this.configureHolding(request, null, signal);
    return true;
  }

  private async configureHolding(
    request: ResourceConfigureRequestedV1,
    meta: IncomingMessageMeta | null,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      const outcome = await unlessAborted(this.configure(request), signal);
      await this.report(meta, request, outcome, true);
    } catch (error) {
      if (!(error instanceof LeaseLostError))
        await this.leases.release(request.operationId).catch(() => this.leases.forget(request.operationId));
      throw error;
    }
  }

  private async configure(request: ResourceConfigureRequestedV1): Promise<Outcome> {
    const host = request.host.address;
    const secret = this.settings.masterSecret;
    const deadline = Date.now() + request.timeoutSeconds * 1000;
    await this.runs.start(request);
    await this.hosts.record(request);
    if (!secret) return failed("the configurator has no CFN_SSH_MASTER_SECRET, so it cannot log in to the stack's VMs");
    const keys = deriveStackKeyPair(secret, request.stackId);
    const masker = SecretMasker.forParameters(request.facts.parameters, request.facts.secrets, [
      secret,
      keys.privateKeyOpenSsh,
      keys.privateKeyPem,
    ]);
    let play;
    try {
      play = await this.configurator.plan(request.metadata, request.configSets);
    } catch (error) {
      if (error instanceof PlaybookError)
        return failed(masker.mask(`Invalid configuration of ${request.logicalId}: ${error.message}`));
      throw error;
    }
    const target: SshTarget = {
      address: host,
      port: request.host.port,
      user: request.host.user,
      privateKey: keys.privateKeyOpenSsh,
      hostKeyPolicy: request.host.hostKeyPolicy ?? 'accept-new',
      hostKeyRef: {
        stackId: request.stackId,
        hostId: request.facts.resources[request.logicalId]?.physicalId ?? request.logicalId,
        address: host,
        port: request.host.port,
      },
    };
    const run: RunIdentity = {
      operationId: request.operationId,
      stackId: request.stackId,
      logicalId: request.logicalId,
      host,
    };
    this.logger.log(
      `configuring ${request.logicalId} of ${request.stackName} on ${host}: ${play.tasks.length} tasks` +
        `${request.checkMode ? ' (check mode)' : ''}`,
    );
    let summary: RunSummary;
    try {
      summary = await this.limiter.run(request.stackId, () =>
        this.pool.withConnection(target, deadline, (connection) =>
          this.configurator.configure(
            {
              runner: connection,
              metadata: request.metadata,
              facts: request.facts,
              stack: { id: request.stackId, name: request.stackName },
              address: host,
              check: request.checkMode ?? false,
              deadline,
              masker,
              reporter: this.reporter(run),
            },
            play,
          ),
        ),
      );
    } catch (error) {
      if (
        error instanceof SshUnreachableError ||
        error instanceof HostKeyMismatchError ||
        error instanceof UnknownHostKeyError
      ) {
        return failed(masker.mask(`Cannot configure ${request.logicalId}: ${error.message}`));
      }
      throw error;
    }
    const counts = { ok: summary.ok, changed: summary.changed, failed: summary.failed, skipped: summary.skipped };
    this.logger.log(
      `configured ${request.logicalId} on ${host}: ${JSON.stringify(counts)}${summary.failure ? ' FAILED' : ''}`,
    );
    return summary.failure
      ? { status: 'FAILED', reason: failureReason(summary.failure, host), summary: counts }
      : { status: 'SUCCEEDED', reason: null, summary: counts };
  }

  /** Each finished task: its row with the full output and its progress event, in one transaction. */
  private reporter(run: RunIdentity): PlayReporter {
    return {
      taskFinished: (report) =>
        this.unitOfWork
          .run(null, async (tx) => {
            await this.runs.recordTask(tx.manager, run, report);
            await tx.publish(
              ResourceConfigureProgress,
              {
                operationId: run.operationId,
                stackId: run.stackId,
                logicalId: run.logicalId,
                host: run.host,
                task: report.name || report.module,
                result: report.result,
                seq: report.seq,
                at: report.finishedAt.toISOString(),
              },
              run.stackId,
            );
          })
          .then(() => undefined),
    };
  }

  private async report(
    meta: IncomingMessageMeta | null,
    request: ResourceConfigureRequestedV1,
    outcome: Outcome,
    record: boolean,
  ): Promise<void> {
    if (outcome.status === 'FAILED')
      this.logger.warn(`configuration of ${request.logicalId} failed: ${outcome.reason}`);
    const body = {
      operationId: request.operationId,
      stackId: request.stackId,
      logicalId: request.logicalId,
      checkMode: request.checkMode ?? false,
      summary: outcome.summary,
    };
    await this.unitOfWork.run(meta, async (tx) => {
      if (record) {
        await this.leases.assertHeld(tx.manager, request.operationId);
        await this.runs.finish(tx.manager, request.operationId, outcome);
        await this.leases.release(request.operationId, tx.manager);
      }
      if (outcome.status === 'SUCCEEDED') await tx.publish(ResourceConfigureSucceeded, body, request.stackId);
      else
        await tx.publish(
          ResourceConfigureFailed,
          { ...body, reason: outcome.reason ?? 'configuration failed' },
          request.stackId,
        );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.closeAll();
  }
}

function failed(reason: string): Outcome {
  return { status: 'FAILED', reason, summary: NO_TASKS };
}

function outcomeOf(run: ConfigurationRun): Outcome {
  return {
    status: run.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED',
    reason: run.reason,
    summary: run.summary ?? NO_TASKS,
  };
}
