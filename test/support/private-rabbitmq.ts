import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './free-port';
import { waitUntil } from './wait-until';

const run = promisify(execFile);
const RABBITMQ_BIN = '/usr/lib/rabbitmq/bin';

/**
 * A RabbitMQ node of a suite's own (its own name, ports, data and Erlang cookie in a temporary directory), for tests
 * that stop and start the broker: the machine's shared broker is never touched. Uses the rabbitmq-server package's
 * scripts directly, as the user running the tests.
 */
export class PrivateRabbitMq {
  readonly node = `cfn-chaos-${randomBytes(4).toString('hex')}@localhost`;
  url = '';
  private dir = '';
  private env: NodeJS.ProcessEnv = {};

  async start(): Promise<this> {
    this.dir = await mkdtemp(join(tmpdir(), 'cfn-rabbitmq-'));
    const port = await freePort();
    const distPort = await freePort();
    await writeFile(join(this.dir, 'enabled_plugins'), '[].\n');
    await writeFile(join(this.dir, 'rabbitmq-env.conf'), '');
    await writeFile(join(this.dir, 'rabbitmq.conf'), `listeners.tcp.1 = 127.0.0.1:${port}\nloopback_users = none\n`);
    this.env = {
      ...process.env,
      HOME: this.dir,
      RABBITMQ_CONF_ENV_FILE: join(this.dir, 'rabbitmq-env.conf'),
      RABBITMQ_NODENAME: this.node,
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_MNESIA_BASE: join(this.dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(this.dir, 'log'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(this.dir, 'enabled_plugins'),
      RABBITMQ_CONFIG_FILE: join(this.dir, 'rabbitmq.conf'),
      RABBITMQ_PID_FILE: join(this.dir, 'rabbitmq.pid'),
      ERL_EPMD_ADDRESS: '127.0.0.1',
      ERL_FLAGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    };
    await run(join(RABBITMQ_BIN, 'rabbitmq-server'), ['-detached'], { env: this.env, cwd: this.dir });
    // -detached returns before the node has registered with epmd; await_startup fails at once until it has.
    await waitUntil(
      `RabbitMQ node ${this.node}`,
      () => this.ctl('await_startup', '--timeout', '60').then(() => true),
      180_000,
      1_000,
    );
    this.url = `amqp://guest:guest@127.0.0.1:${port}`;
    return this;
  }

  /** The broker goes away (every connection closes, nothing listens) until `startApp`; durable queues survive. */
  async stopApp(): Promise<void> {
    await this.ctl('stop_app');
  }

  async startApp(): Promise<void> {
    await this.ctl('start_app');
    await this.ctl('await_startup', '--timeout', '120');
  }

  async stop(): Promise<void> {
    if (!this.dir) return;
    await this.ctl('stop').catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private async ctl(...args: string[]): Promise<string> {
    const { stdout } = await run(join(RABBITMQ_BIN, 'rabbitmqctl'), ['-n', this.node, ...args], {
      env: this.env,
      timeout: 180_000,
    });
    return stdout;
  }
}
