import { randomBytes } from 'node:crypto';
import { LogLevel } from '@nestjs/common';

export const SIMULATOR_OPTIONS = Symbol('SIMULATOR_OPTIONS');

export interface SimulatorOptions {
  /** The administrator's keys; every /client/api request must be signed with them. */
  apiKey: string;
  secretKey: string;
  /** How long a deployVirtualMachine job stays pending before the VM is Running. */
  deployLatencyMs: number;
}

export interface StartSimulatorOptions extends Partial<SimulatorOptions> {
  /** 0 (default for tests) picks a free port. */
  port?: number;
  host?: string;
  /** Nest log levels, or false for silence (the default when started in-process). */
  logger?: LogLevel[] | false;
}

/** CloudStack keys are 86 characters of URL-safe Base64. */
export function generateCloudStackKey(): string {
  return randomBytes(64).toString('base64url').slice(0, 86);
}

export function resolveSimulatorOptions(options: Partial<SimulatorOptions>): SimulatorOptions {
  return {
    apiKey: options.apiKey ?? generateCloudStackKey(),
    secretKey: options.secretKey ?? generateCloudStackKey(),
    deployLatencyMs: options.deployLatencyMs ?? 0,
  };
}
