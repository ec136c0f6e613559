import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { readIntegerEnv } from '@cfn/runtime';
import { MIN_MASTER_SECRET_LENGTH } from '@cfn/ssh';

export interface ConfiguratorSettings {
  /** CFN_SSH_MASTER_SECRET: the stacks' SSH keys are derived from it (null: every request fails, saying why). */
  masterSecret: string | null;
  prefetch: number;
  /** Hosts configured at once by this process, and per stack. */
  maxHosts: number;
  maxHostsPerStack: number;
  taskTimeoutMs: number;
  /** Stored output per task (characters; the beginning and the end are kept). */
  outputLimit: number;
  rolesDir: string;
  sshIdleMs: number;
}

export const ConfiguratorSettings = Symbol('ConfiguratorSettings');

export function readConfiguratorSettings(env: NodeJS.ProcessEnv = process.env): ConfiguratorSettings {
  const secret = env.CFN_SSH_MASTER_SECRET || null;
  if (secret !== null && secret.length < MIN_MASTER_SECRET_LENGTH) {
    throw new Error(`CFN_SSH_MASTER_SECRET must be at least ${MIN_MASTER_SECRET_LENGTH} characters long`);
  }
  return {
    masterSecret: secret,
    prefetch: readIntegerEnv('CONFIGURATOR_PREFETCH', 50, env),
    maxHosts: readIntegerEnv('CONFIGURATOR_MAX_HOSTS', 50, env),
    maxHostsPerStack: readIntegerEnv('CONFIGURATOR_MAX_HOSTS_PER_STACK', 25, env),
    taskTimeoutMs: readIntegerEnv('CONFIGURATOR_TASK_TIMEOUT_SECONDS', 900, env) * 1000,
    outputLimit: readIntegerEnv('CONFIGURATOR_OUTPUT_LIMIT', 64 * 1024, env),
    rolesDir: env.CONFIGURATOR_ROLES_DIR || join(repositoryRoot(), 'templates', 'roles'),
    sshIdleMs: readIntegerEnv('CONFIGURATOR_SSH_IDLE_SECONDS', 60, env) * 1000,
  };
}

/** The checkout (or image) root: this file runs from apps/configurator/src, or from dist/ beneath the root. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (dir !== dirname(dir) && (!existsSync(join(dir, 'package.json')) || basename(dir) === 'dist'))
    dir = dirname(dir);
  return dir;
}
