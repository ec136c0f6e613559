import { Inject, Injectable } from '@nestjs/common';

import { SIMULATOR_OPTIONS, SimulatorOptions } from '../simulator-options';
import { ApiThrottle } from './api-throttle';
import { forCommand, sample } from './distribution';
import { parseSimulatorFaults, ResourceLimits, SimulatorFaults } from './simulator-faults';

export type TransientOutcome = 'none' | 'before' | 'after';
export type DeployOutcome = 'none' | 'insufficientCapacity' | 'errorState';

/** The faults in force and the counters they depend on; replaced as a whole through the admin endpoint. */
@Injectable()
export class FaultInjector {
  private faults: SimulatorFaults;
  private throttle: ApiThrottle;
  private deploys = 0;
  private injected = { transientBefore: 0, transientAfter: 0, throttled: 0, insufficientCapacity: 0, errorState: 0 };
  private transientByCommand: Record<string, { before: number; after: number }> = {};
  private callsByCommand = new Map<string, number>();

  constructor(@Inject(SIMULATOR_OPTIONS) options: SimulatorOptions) {
    this.faults = parseSimulatorFaults(options.faults ?? {});
    this.throttle = new ApiThrottle(this.faults.throttle);
  }

  current(): SimulatorFaults {
    return structuredClone(this.faults);
  }

  /** Replaces every fault setting and restarts the counters (the Nth deploy counts from here). */
  replace(faults: unknown): SimulatorFaults {
    this.faults = parseSimulatorFaults(faults);
    this.throttle = new ApiThrottle(this.faults.throttle);
    this.deploys = 0;
    this.injected = { transientBefore: 0, transientAfter: 0, throttled: 0, insufficientCapacity: 0, errorState: 0 };
    this.transientByCommand = {};
    this.callsByCommand = new Map();
    return this.current();
  }

  counters() {
    return { deploys: this.deploys, ...this.injected, transientByCommand: structuredClone(this.transientByCommand) };
  }

  latencyMs(command: string): number {
    return sample(forCommand(this.faults.latency, command));
  }

  /** How long the command's job stays pending; `fallback` when no fault says otherwise. */
  jobDurationMs(command: string, fallback = 0): number {
    const distribution = forCommand(this.faults.jobDuration, command);
    return distribution ? sample(distribution) : fallback;
  }

  /** Undefined when the account may call, else ms until it may. */
  throttled(accountId: string): number | undefined {
    const wait = this.throttle.admit(accountId);
    if (wait !== undefined) this.injected.throttled += 1;
    return wait;
  }

  transientFailure(command: string): TransientOutcome {
    const failure = forCommand(this.faults.transientErrors, command);
    const call = (this.callsByCommand.get(command) ?? 0) + 1;
    this.callsByCommand.set(command, call);
    if (!failure || (!failure.at?.includes(call) && Math.random() >= failure.rate)) return 'none';
    const outcome = Math.random() < (failure.afterExecution ?? 0) ? 'after' : 'before';
    this.injected[outcome === 'after' ? 'transientAfter' : 'transientBefore'] += 1;
    const byCommand = (this.transientByCommand[command] ??= { before: 0, after: 0 });
    byCommand[outcome] += 1;
    return outcome;
  }

  /** Counts a deployVirtualMachine that passed validation and says how it must end. */
  nextDeploy(): DeployOutcome {
    const n = ++this.deploys;
    const deploy = this.faults.deploy ?? {};
    if (deploy.insufficientCapacityAt?.includes(n) || Math.random() < (deploy.insufficientCapacityRate ?? 0)) {
      this.injected.insufficientCapacity += 1;
      return 'insufficientCapacity';
    }
    if (deploy.errorStateAt?.includes(n) || Math.random() < (deploy.errorStateRate ?? 0)) {
      this.injected.errorState += 1;
      return 'errorState';
    }
    return 'none';
  }

  limitsFor(accountName: string): ResourceLimits {
    return this.faults.limits?.accounts?.[accountName] ?? this.faults.limits?.default ?? {};
  }

  capacity() {
    const capacity = this.faults.capacity ?? {};
    return {
      hosts: capacity.hosts ?? DEFAULT_CAPACITY.hosts,
      cpuPerHost: capacity.cpuPerHost ?? DEFAULT_CAPACITY.cpuPerHost,
      memoryPerHost: capacity.memoryPerHost ?? DEFAULT_CAPACITY.memoryPerHost,
    };
  }
}

/** Four hosts of 64 cores and 256 GiB unless told otherwise: plenty, but finite. */
export const DEFAULT_CAPACITY = { hosts: 4, cpuPerHost: 64, memoryPerHost: 262_144 };
