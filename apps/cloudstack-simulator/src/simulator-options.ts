import { randomBytes } from 'node:crypto';

import { LogLevel } from '@nestjs/common';

import type { SimulatorFaults } from './faults/simulator-faults';
import { DEFAULT_GUEST_CIDR } from './network/guest-subnet';
import { DEFAULT_BRIDGE_NAME, DEFAULT_STATE_DIR, RealVmsSetting, validateBridgeName } from './vm/real/real-vm-settings';

export const SIMULATOR_OPTIONS = Symbol('SIMULATOR_OPTIONS');

export interface SimulatorOptions {
  /** The administrator's keys; every /client/api request must be signed with them. */
  apiKey: string;
  secretKey: string;
  /** How long a deployVirtualMachine job stays pending before the VM is Running. */
  deployLatencyMs: number;
  /** Faults in force at start (see faults/simulator-faults.ts); changeable later through /simulator/faults. */
  faults?: SimulatorFaults;
  /** Further accounts to create at start, each with its own keys. */
  accounts?: AccountSeed[];
  /** The zone's guest network (SIM_GUEST_CIDR); with real VMs, the bridge's subnet. */
  guestCidr: string;
  /** Whether VMs are real hosts (see vm/real/): `auto` when root and namespaces work. In-process default: off. */
  realVms: RealVmsSetting;
  /** The host bridge of the guest network (SIM_BRIDGE); its name prefixes the VMs' network namespaces. */
  bridgeName: string;
  /** Where VMs' disks live, under `<vmStateDir>/<bridge>/<vm id>` (SIM_STATE_DIR). */
  vmStateDir: string;
}

export interface AccountSeed {
  name: string;
  /** The first user's keys (its username is the account name); generated when absent. */
  apiKey?: string;
  secretKey?: string;
  /** A root administrator (sees every account's objects with listall=true, has no resource limits): role `Admin`. */
  admin?: boolean;
  /** The account's domain: a path (`ROOT/eng/web`, `eng/web`) or a name (a child of ROOT); created when missing. */
  domain?: string;
  /** `User` (default), `DomainAdmin` or `Admin` (ROOT domain only, as in CloudStack). */
  role?: SeedRole;
  /** More users of the account, each with its own keys. */
  users?: UserSeed[];
}

export type SeedRole = 'User' | 'DomainAdmin' | 'Admin';

export interface UserSeed {
  username: string;
  /** Generated when absent. */
  apiKey?: string;
  secretKey?: string;
  firstname?: string;
  lastname?: string;
  email?: string;
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
    faults: options.faults ?? {},
    accounts: options.accounts ?? [],
    guestCidr: options.guestCidr ?? DEFAULT_GUEST_CIDR,
    realVms: options.realVms ?? 'off',
    bridgeName: validateBridgeName(options.bridgeName ?? DEFAULT_BRIDGE_NAME),
    vmStateDir: options.vmStateDir ?? DEFAULT_STATE_DIR,
  };
}
