import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { HostConfigurator } from '../../apps/configurator/src/engine/host-configurator';
import { RunSummary } from '../../apps/configurator/src/engine/play-runner';
import { SecretMasker } from '../../apps/configurator/src/engine/secret-masker';
import { ConfigureFactsV1, GroupMemberV1 } from '../../libs/contracts/src';
import { HostKeyPolicy, HostKeyStore, InMemoryHostKeyStore, SshConnectionPool } from '../../libs/ssh/src';

/** A VM to configure, as a member of one group (index order = array order). */
export interface EngineHost {
  logicalId: string;
  address: string;
}

export interface EngineRunOptions {
  /** OpenSSH private key text that root on every host accepts. */
  privateKey: string;
  metadata: Record<string, unknown>;
  stack: { id: string; name: string };
  group: string;
  timeoutMs: number;
  hostKeys?: HostKeyStore;
  hostKeyPolicy?: HostKeyPolicy;
}

function repositoryRoot(): string {
  let dir = __dirname;
  while ((!existsSync(join(dir, 'package.json')) || basename(dir) === 'dist') && dirname(dir) !== dir)
    dir = dirname(dir);
  return dir;
}

/**
 * The configurator's engine (HostConfigurator over pooled SSH connections) run on every host at once, outside the
 * service (no RabbitMQ, no MySQL): what the configurator does per request, for tests and the benchmark.
 * Returns one summary per host, in the hosts' order.
 */
export async function configureHostsWithEngine(hosts: EngineHost[], options: EngineRunOptions): Promise<RunSummary[]> {
  const pool = new SshConnectionPool({ hostKeys: options.hostKeys ?? new InMemoryHostKeyStore(), idleMs: 5_000 });
  const configurator = new HostConfigurator({
    rolesDir: join(repositoryRoot(), 'templates', 'roles'),
    taskTimeoutMs: options.timeoutMs,
    outputLimit: 65_536,
    download: async (url) => {
      throw new Error(`no downloads here (${url})`);
    },
  });
  const members: GroupMemberV1[] = hosts.map((host, index) => ({
    logicalId: host.logicalId,
    index,
    address: host.address,
  }));
  const deadline = Date.now() + options.timeoutMs;
  const play = await configurator.plan(options.metadata);
  try {
    return await Promise.all(
      hosts.map((host, index) => {
        const facts: ConfigureFactsV1 = {
          parameters: {},
          secrets: [],
          resources: {},
          groups: { [options.group]: members },
          self: { logicalId: host.logicalId, index, group: options.group },
        };
        const target = {
          address: host.address,
          port: 22,
          user: 'root',
          privateKey: options.privateKey,
          hostKeyPolicy: options.hostKeyPolicy ?? 'accept-new',
          hostKeyRef: { stackId: options.stack.id, hostId: host.logicalId, address: host.address, port: 22 },
        };
        return pool.withConnection(target, deadline, (connection) =>
          configurator.configure(
            {
              runner: connection,
              metadata: options.metadata,
              facts,
              stack: options.stack,
              address: host.address,
              check: false,
              deadline,
              masker: new SecretMasker([]),
              reporter: { taskFinished: async () => undefined },
            },
            play,
          ),
        );
      }),
    );
  } finally {
    await pool.closeAll();
  }
}
