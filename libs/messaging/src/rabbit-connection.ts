import { backoffDelay, sleep } from '@cfn/runtime';
import { Logger } from '@nestjs/common';
import { ChannelModel, ConfirmChannel, connect } from 'amqplib';

type SetupStep = (connection: ChannelModel) => Promise<void>;

/**
 * One AMQP connection per process that comes back by itself after a broker restart.
 * Consumers register a setup step that is run again on every reconnect (declare topology, consume).
 */
export class RabbitConnection {
  private readonly logger = new Logger('RabbitConnection');
  private connection: ChannelModel | null = null;
  private publishChannel: ConfirmChannel | null = null;
  private connecting: Promise<ChannelModel> | null = null;
  private readonly setupSteps: SetupStep[] = [];
  private closed = false;

  /** `name` shows in the broker's connection list (connection_name), e.g. `cfn:planner:1234`. */
  constructor(
    private readonly url: string,
    private readonly name?: string,
  ) {}

  /** Resolves with a live connection, waiting (with back-off) while the broker is unreachable. */
  async connected(): Promise<ChannelModel> {
    if (this.connection) return this.connection;
    if (!this.connecting) this.connecting = this.connectWithRetry().finally(() => (this.connecting = null));
    return this.connecting;
  }

  /** Registers a step to run now and after every reconnect. */
  async onEveryConnect(step: SetupStep): Promise<void> {
    this.setupSteps.push(step);
    await step(await this.connected());
  }

  /** A confirm channel shared by publishers of this process. */
  async confirmChannel(): Promise<ConfirmChannel> {
    const connection = await this.connected();
    if (!this.publishChannel) {
      const channel = await connection.createConfirmChannel();
      channel.on('close', () => {
        if (this.publishChannel === channel) this.publishChannel = null;
      });
      channel.on('error', (error) => this.logger.warn(`publish channel error: ${error.message}`));
      this.publishChannel = channel;
    }
    return this.publishChannel;
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = null;
    this.publishChannel = null;
    if (connection) await connection.close().catch(() => undefined);
  }

  private async connectWithRetry(): Promise<ChannelModel> {
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        const connection = await connect(this.url, {
          // amqplib leaves Nagle's algorithm on: a small frame written while an earlier one is unacknowledged waits
          // for RabbitMQ's delayed ACK, and a publish, an ack or a confirm then took up to 40 ms longer (ADR 46).
          noDelay: true,
          heartbeat: 15,
          clientProperties: this.name ? { connection_name: this.name } : undefined,
        });
        connection.on('error', (error) => this.logger.warn(`connection error: ${error.message}`));
        connection.on('close', () => this.handleClose(connection));
        this.connection = connection;
        if (attempt > 0) this.logger.log('connected to RabbitMQ again');
        return connection;
      } catch (error) {
        if (attempt % 5 === 0) this.logger.warn(`RabbitMQ not reachable yet (${(error as Error).message}); retrying`);
        await sleep(backoffDelay(attempt, 250, 5_000));
      }
    }
    throw new Error('RabbitConnection closed');
  }

  private handleClose(connection: ChannelModel): void {
    if (this.connection !== connection) return;
    this.connection = null;
    this.publishChannel = null;
    if (this.closed) return;
    this.logger.warn('connection to RabbitMQ lost; reconnecting');
    void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        const connection = await this.connected();
        for (const step of this.setupSteps) await step(connection);
        this.logger.log('reconnected to RabbitMQ; consumers restored');
        return;
      } catch (error) {
        this.logger.warn(`re-setup after reconnect failed: ${(error as Error).message}`);
        await sleep(backoffDelay(attempt, 500, 5_000));
      }
    }
  }
}
