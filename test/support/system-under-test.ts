import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { connect } from 'amqplib';

import { hasEnded, SERVICE_APPS, ServiceApp, spawnService, stopServices } from '../../deploy/service-processes';
import { CloudStackClient } from '../../libs/cloudstack/src';
import { migrate } from '../../libs/persistence/src';
import { readServiceEnvironment } from '../../libs/runtime/src';
import { freePort } from './free-port';
import { repositoryRoot } from './repository-root';
import { deleteBrokerObjects, dropDatabase } from './scratch-resources';
import { waitUntil } from './wait-until';

/** Apps with a queue of their own. */
const CONSUMER_APPS = ['api', 'validator', 'planner', 'provisioner', 'configurator', 'audit'];

export interface SystemOptions {
  deployLatencyMs?: number;
  /** Simulator VMs as real SSH hosts (root only), on a bridge and /24 of this run's own. */
  realVms?: boolean;
  extraEnv?: NodeJS.ProcessEnv;
  /** Print service logs to the console (set CFN_E2E_LOGS=1 to see them). */
  verbose?: boolean;
}

/**
 * The whole product started as separate processes from `dist/` (npm test builds first), against the real
 * RabbitMQ and MySQL, with its own database and its own exchange/queue prefix so suites never see each other.
 */
export class SystemUnderTest {
  readonly credentials = { accessKeyId: 'AKIDE2ETEST', secretAccessKey: `secret-${randomBytes(12).toString('hex')}` };
  readonly cloudKeys = {
    apiKey: `sim-key-${randomBytes(6).toString('hex')}`,
    secretKey: `sim-secret-${randomBytes(12).toString('hex')}`,
  };
  readonly logs: string[] = [];
  apiUrl = '';
  simulatorUrl = '';
  databaseUrl = '';
  /** The secret the provisioner and configurator derive each stack's SSH key pair from. */
  readonly sshMasterSecret = `ssh-master-${randomBytes(16).toString('hex')}`;
  /** The data key (CFN_DATA_KEY) that seals credentials' secrets and stack parameters in this run's database. */
  readonly dataKey = `data-key-${randomBytes(16).toString('hex')}`;
  /** The simulator's gateway on the guest network (real VMs only). */
  guestGateway = '';
  private readonly children = new Map<string, ChildProcess>();
  /** This run's exchange/queue prefix; services name their broker connections `<prefix>:<app>:<pid>`. */
  readonly prefix = `cfn-e2e-${randomBytes(4).toString('hex')}`;
  private env: NodeJS.ProcessEnv = {};
  /** The broker this run's services use (`extraEnv.AMQP_URL` names a private one). */
  amqpUrl = '';

  constructor(private readonly options: SystemOptions = {}) {}

  async start(): Promise<this> {
    const base = readServiceEnvironment();
    this.amqpUrl = this.options.extraEnv?.AMQP_URL ?? base.amqpUrl;
    const database = `cfn_e2e_${randomBytes(4).toString('hex')}`;
    this.databaseUrl = base.databaseUrl.replace(/\/[^/]*$/, `/${database}`);
    await migrate(this.databaseUrl);
    const apiPort = await freePort();
    const simPort = await freePort();
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    this.simulatorUrl = `http://127.0.0.1:${simPort}`;
    this.env = {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      AMQP_URL: this.amqpUrl,
      CFN_AMQP_PREFIX: this.prefix,
      CFN_API_PORT: String(apiPort),
      CFN_API_HOST: '127.0.0.1',
      SIM_PORT: String(simPort),
      SIM_HOST: '127.0.0.1',
      SIM_DEPLOY_LATENCY_MS: String(this.options.deployLatencyMs ?? 50),
      // Stack suites need records, not real hosts, unless they ask for them.
      ...this.realVmEnvironment(),
      CFN_SSH_MASTER_SECRET: this.sshMasterSecret,
      CFN_DATA_KEY: this.dataKey,
      CFN_SIGNAL_SECRET: `signal-${randomBytes(12).toString('hex')}`,
      // Wait condition handle URLs: VMs that are real hosts reach the api through their gateway.
      CFN_PUBLIC_URL: `http://${this.options.realVms ? this.guestGateway : '127.0.0.1'}:${apiPort}`,
      CLOUDSTACK_API_URL: `${this.simulatorUrl}/client/api`,
      CLOUDSTACK_API_KEY: this.cloudKeys.apiKey,
      CLOUDSTACK_SECRET_KEY: this.cloudKeys.secretKey,
      CFN_BOOTSTRAP_ACCESS_KEY_ID: this.credentials.accessKeyId,
      CFN_BOOTSTRAP_SECRET_ACCESS_KEY: this.credentials.secretAccessKey,
      // A killed worker's leases run out within seconds, and stalled requests are re-sent within a minute.
      CFN_LEASE_SECONDS: '8',
      PLANNER_REDRIVE_SECONDS: '45',
      // Suites' SDK clients do not retry (maxAttempts 1) and some poll from many stacks at once: the per-account
      // rate limit is off unless a suite sets it (test/tenancy does).
      CFN_API_RATE_PER_SECOND: '0',
      // Suites serve TemplateURLs from 127.0.0.1, which the api refuses to fetch from unless the operator allows it.
      CFN_TEMPLATE_URL_ALLOWED_CIDRS: '127.0.0.1/32',
      ...this.options.extraEnv,
    };
    for (const app of SERVICE_APPS) this.startService(app);
    const waits = new AbortController();
    try {
      await Promise.race([this.ready(waits.signal), this.anExit()]);
    } catch (error) {
      // Nothing of a failed start is left running: a caller without an afterAll (the benches) would leak it.
      waits.abort(error);
      await this.stop();
      throw error;
    }
    return this;
  }

  private async ready(signal: AbortSignal): Promise<void> {
    await waitUntil(
      'the simulator',
      async () => (await fetch(`${this.simulatorUrl}/simulator/health`)).ok,
      60_000,
      200,
      signal,
    );
    await waitUntil(
      'the api',
      async () => (await fetch(this.apiUrl, { method: 'POST' })).status === 403,
      60_000,
      200,
      signal,
    );
    await waitUntil('every consumer queue', () => this.queuesReady(), 60_000, 200, signal);
  }

  /** Rejects when a service exits while the system starts, with its last lines, rather than at a wait's timeout. */
  private anExit(): Promise<never> {
    const exited = new Promise<never>((_, reject) => {
      for (const [name, child] of this.children) {
        // 'close' rather than 'exit': by then its last lines have been read.
        child.once('close', (code, signal) => {
          const lines = this.logs
            .filter((line) => line.startsWith(`[${name}]`))
            .slice(-20)
            .join('\n');
          reject(new Error(`${name} exited (${code ?? signal}) while the system started:\n${lines}`));
        });
      }
    });
    // Exits after the start (a test killing a service) are the test's business.
    exited.catch(() => undefined);
    return exited;
  }

  private realVmEnvironment(): NodeJS.ProcessEnv {
    if (!this.options.realVms) return { SIM_REAL_VMS: '0' };
    const guestCidr = `10.${200 + (randomBytes(1)[0] % 50)}.${randomBytes(1)[0]}.0/24`;
    this.guestGateway = guestCidr.replace(/0\/24$/, '1');
    return {
      SIM_REAL_VMS: '1',
      SIM_BRIDGE: `cfne${randomBytes(4).toString('hex')}`,
      SIM_GUEST_CIDR: guestCidr,
      // The configurator reaches the VMs from the host, whose address on the bridge is the gateway.
      CFN_MANAGEMENT_CIDR: `${this.guestGateway}/32`,
    };
  }

  startService(app: ServiceApp): ChildProcess {
    return this.spawn(app, app, '');
  }

  /** Another process of an app (a competing consumer on the same queue); its log lines start with `[<name>]`. */
  startReplica(app: ServiceApp, name: string): ChildProcess {
    return this.spawn(app, name, `[${name}] `);
  }

  private spawn(app: ServiceApp, key: string, logTag: string): ChildProcess {
    const verbose = this.options.verbose ?? process.env.CFN_E2E_LOGS === '1';
    const child = spawnService(app, join(repositoryRoot(), 'dist'), this.env, (line) => {
      this.logs.push(`${logTag}${line}`);
      if (verbose) console.log(`${logTag}${line}`);
    });
    this.children.set(key, child);
    return child;
  }

  /** The process id of each running service (and replica), by name. */
  servicePids(): Map<string, number> {
    return new Map(
      [...this.children]
        .filter(([, child]) => !hasEnded(child) && child.pid)
        .map(([name, child]) => [name, child.pid!]),
    );
  }

  /** Kills a service the hard way (SIGKILL), as a crash would. */
  async killService(app: ServiceApp): Promise<void> {
    const child = this.children.get(app);
    if (!child || hasEnded(child)) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  cloudFormation(overrides: Partial<{ secretAccessKey: string; region: string }> = {}): CloudFormationClient {
    return new CloudFormationClient({
      endpoint: this.apiUrl,
      region: overrides.region ?? 'cloudstack-1',
      credentials: {
        ...this.credentials,
        ...(overrides.secretAccessKey ? { secretAccessKey: overrides.secretAccessKey } : {}),
      },
      maxAttempts: 1,
    });
  }

  cloudStack(): CloudStackClient {
    const quiet = { debug: () => undefined, warn: () => undefined };
    return new CloudStackClient({ apiUrl: `${this.simulatorUrl}/client/api`, ...this.cloudKeys, logger: quiet });
  }

  async stop(): Promise<void> {
    await stopServices([...this.children.values()]);
    await this.deleteQueues().catch(() => undefined);
    await dropDatabase(this.databaseUrl).catch(() => undefined);
  }

  private async queuesReady(): Promise<boolean> {
    const connection = await connect(this.amqpUrl);
    try {
      for (const app of CONSUMER_APPS) {
        const channel = await connection.createChannel();
        channel.on('error', () => undefined);
        const ok = await channel.checkQueue(`${this.prefix}.${app}`).then(
          (q) => q.consumerCount > 0,
          () => false,
        );
        await channel.close().catch(() => undefined);
        if (!ok) return false;
      }
      return true;
    } finally {
      await connection.close();
    }
  }

  private async deleteQueues(): Promise<void> {
    const connection = await connect(this.amqpUrl);
    try {
      await deleteBrokerObjects(await connection.createChannel(), this.prefix, CONSUMER_APPS);
    } finally {
      await connection.close();
    }
  }
}
