import { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { ChannelModel, ConfirmChannel, connect } from 'amqplib';
import { createConnection } from 'mysql2/promise';

import { spawnService, stopServices } from '../../deploy/service-processes';
import {
  ConfigureFactsV1,
  MessageValidator,
  ResourceConfigureFailedV1,
  ResourceConfigureProgressV1,
  ResourceConfigureRequested,
  ResourceConfigureRequestedV1,
  ResourceConfigureSucceededV1,
} from '../../libs/contracts/src';
import { migrate } from '../../libs/persistence/src';
import { readServiceEnvironment } from '../../libs/runtime/src';
import { deriveStackKeyPair } from '../../libs/ssh/src';
import { repositoryRoot } from '../support/repository-root';
import { deleteBrokerObjects, dropDatabase } from '../support/scratch-resources';
import { waitUntil } from '../support/wait-until';
import { LoopbackSshd } from './loopback-sshd';

export interface ConfigureResult {
  routingKey: 'resource.configure.succeeded.v1' | 'resource.configure.failed.v1';
  outcome: ResourceConfigureSucceededV1 | (ResourceConfigureFailedV1 & { reason?: string });
  progress: ResourceConfigureProgressV1[];
}

const OUTCOME_KEYS = ['resource.configure.succeeded.v1', 'resource.configure.failed.v1'];

/**
 * The configurator as a separate process (from dist/, as npm test builds it) against the real RabbitMQ and MariaDB,
 * with its own database and queue prefix, configuring this machine through a real sshd on loopback. Requests go in
 * as the planner will send them (validated against the contract); outcomes and progress are collected by operation.
 */
export class ConfiguratorTestBed {
  readonly stackId = randomUUID();
  readonly stackName = `cfg-e2e-${randomBytes(3).toString('hex')}`;
  readonly masterSecret = `e2e-master-secret-${randomBytes(16).toString('hex')}`;
  readonly logs: string[] = [];
  readonly prefix = `cfn-cfg-${randomBytes(4).toString('hex')}`;
  databaseUrl = '';
  sshd!: LoopbackSshd;
  private child: ChildProcess | null = null;
  private amqp: ChannelModel | null = null;
  private channel: ConfirmChannel | null = null;
  private readonly validator = new MessageValidator();
  private readonly received: Array<{ routingKey: string; body: Record<string, unknown> }> = [];

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      AMQP_URL: readServiceEnvironment().amqpUrl,
      CFN_AMQP_PREFIX: this.prefix,
      CFN_SSH_MASTER_SECRET: this.masterSecret,
      CONFIGURATOR_ROLES_DIR: join(repositoryRoot(), 'test', 'configurator', 'roles'),
    };
  }

  get distRoot(): string {
    return join(repositoryRoot(), 'dist');
  }

  async start(): Promise<this> {
    const base = readServiceEnvironment();
    this.databaseUrl = base.databaseUrl.replace(/\/[^/]*$/, `/cfn_cfg_${randomBytes(4).toString('hex')}`);
    await migrate(this.databaseUrl);
    this.sshd = await new LoopbackSshd(deriveStackKeyPair(this.masterSecret, this.stackId).publicKeyOpenSsh).start();
    this.amqp = await connect(base.amqpUrl);
    this.channel = await this.amqp.createConfirmChannel();
    const exchange = `${this.prefix}.events`;
    await this.channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await this.channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const key of [...OUTCOME_KEYS, 'resource.configure.progress.v1'])
      await this.channel.bindQueue(queue, exchange, key);
    await this.channel.consume(
      queue,
      (message) => {
        if (message)
          this.received.push({
            routingKey: message.fields.routingKey,
            body: JSON.parse(message.content.toString('utf8')),
          });
      },
      { noAck: true },
    );
    this.child = spawnService('configurator', this.distRoot, this.env, (line) => {
      this.logs.push(line);
      if (process.env.CFN_E2E_LOGS === '1') console.log(line);
    });
    await waitUntil(
      'the configurator to consume',
      async () => {
        const probe = await this.amqp!.createChannel();
        probe.on('error', () => undefined);
        const ready = await probe.checkQueue(`${this.prefix}.configurator`).then(
          (q) => q.consumerCount > 0,
          () => false,
        );
        await probe.close().catch(() => undefined);
        return ready;
      },
      60_000,
      250,
    );
    return this;
  }

  facts(overrides: Partial<ConfigureFactsV1> = {}): ConfigureFactsV1 {
    return {
      parameters: { ClusterName: 'alpha', DbPassword: 'Zebra-Quartz-4471' },
      secrets: ['DbPassword'],
      resources: { Member1: { physicalId: 'vm-member-1', attributes: { PrivateIp: '127.0.0.1' } } },
      groups: {
        members: [0, 1, 2].map((index) => ({ logicalId: `Member${index}`, index, address: `10.20.0.${11 + index}` })),
      },
      self: { logicalId: 'Member1', index: 1, group: 'members' },
      ...overrides,
    };
  }

  request(
    metadata: Record<string, unknown>,
    options: { checkMode?: boolean; operationId?: string; timeoutSeconds?: number } = {},
  ): ResourceConfigureRequestedV1 {
    return {
      operationId: options.operationId ?? randomUUID(),
      stackId: this.stackId,
      stackName: this.stackName,
      logicalId: 'Member1',
      resourceType: 'AWS::EC2::Instance',
      host: { address: '127.0.0.1', port: this.sshd.port, user: 'root' },
      metadata,
      facts: this.facts(),
      timeoutSeconds: options.timeoutSeconds ?? 60,
      ...(options.checkMode ? { checkMode: true } : {}),
    };
  }

  /** Publishes a request as the planner's outbox relay would, and waits for its outcome. */
  async configure(request: ResourceConfigureRequestedV1, timeoutMs = 60_000): Promise<ConfigureResult> {
    this.publish(request);
    await this.channel!.waitForConfirms();
    const outcome = await waitUntil(
      `the outcome of ${request.operationId}`,
      async () =>
        this.received.find(
          (message) => OUTCOME_KEYS.includes(message.routingKey) && message.body.operationId === request.operationId,
        ),
      timeoutMs,
      100,
    );
    return {
      routingKey: outcome.routingKey as ConfigureResult['routingKey'],
      outcome: outcome.body as unknown as ConfigureResult['outcome'],
      progress: this.progressOf(request.operationId),
    };
  }

  publish(request: ResourceConfigureRequestedV1, messageId = randomUUID()): void {
    this.validator.assertValid(ResourceConfigureRequested.routingKey, request);
    this.channel!.publish(
      `${this.prefix}.events`,
      ResourceConfigureRequested.routingKey,
      Buffer.from(JSON.stringify(request)),
      {
        persistent: true,
        contentType: 'application/json',
        messageId,
        correlationId: request.stackId,
        type: ResourceConfigureRequested.routingKey,
        headers: { producer: 'planner' },
      },
    );
  }

  outcomesOf(operationId: string): Array<{ routingKey: string; body: Record<string, unknown> }> {
    return this.received.filter(
      (message) => OUTCOME_KEYS.includes(message.routingKey) && message.body.operationId === operationId,
    );
  }

  progressOf(operationId: string): ResourceConfigureProgressV1[] {
    return this.received
      .filter(
        (message) =>
          message.routingKey === 'resource.configure.progress.v1' && message.body.operationId === operationId,
      )
      .map((message) => message.body as unknown as ResourceConfigureProgressV1)
      .sort((a, b) => a.seq - b.seq);
  }

  async query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    const url = new URL(this.databaseUrl);
    const connection = await createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password || ''),
      database: url.pathname.slice(1),
    });
    try {
      const [rows] = await connection.query(sql, values);
      return rows as T[];
    } finally {
      await connection.end();
    }
  }

  async stop(): Promise<void> {
    if (this.child) await stopServices([this.child]);
    await this.sshd?.stop();
    await deleteBrokerObjects(await this.amqp!.createChannel(), this.prefix, ['configurator']).catch(() => undefined);
    await this.amqp?.close().catch(() => undefined);
    await dropDatabase(this.databaseUrl).catch(() => undefined);
  }
}
