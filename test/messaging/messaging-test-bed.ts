import { randomBytes } from 'node:crypto';

import {
  appQueueNames,
  connectRabbitTransport,
  eventsExchange,
  MessagingModule,
  RabbitConnection,
  UnitOfWork,
} from '@cfn/messaging';
import { inboxTable, MessagingApp, migrate, outboxTable, PersistenceModule } from '@cfn/persistence';
import { readServiceEnvironment } from '@cfn/runtime';
import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChannelModel, ConfirmChannel, connect, ConsumeMessage, Options } from 'amqplib';
import { DataSource } from 'typeorm';

import { deleteBrokerObjects, dropDatabase } from '../support/scratch-resources';
import { DeliveryLog } from './delivery-log';
import { RecordingController } from './recording-controller';

export const APP: MessagingApp = 'audit';
/** Enough for "fails twice, then succeeds"; a message that keeps failing is parked after 1 s + 5 s of back-off. */
export const MAX_ATTEMPTS = 3;

@Module({})
class MessagingTestModule {}

function messagingTestModule(databaseUrl: string, amqpUrl: string, log: DeliveryLog): DynamicModule {
  return {
    module: MessagingTestModule,
    imports: [PersistenceModule.forRoot({ databaseUrl }), MessagingModule.forApp(APP, { amqpUrl })],
    controllers: [RecordingController],
    providers: [{ provide: DeliveryLog, useValue: log }],
  };
}

/**
 * One in-process Nest app that publishes and consumes through libs/messaging against the real RabbitMQ and
 * MariaDB, in its own database and under its own exchange/queue prefix, plus a side connection ("probe") that
 * publishes raw bytes and collects the dead-letter queue.
 */
export class MessagingTestBed {
  readonly log = new DeliveryLog();
  private readonly suffix = randomBytes(4).toString('hex');
  private readonly previousPrefix = process.env.CFN_AMQP_PREFIX;
  private readonly deadLetters: ConsumeMessage[] = [];
  private databaseUrl = '';
  private app: INestApplication | null = null;
  private probe: ChannelModel | null = null;
  private probeChannel: ConfirmChannel | null = null;

  async start(): Promise<this> {
    process.env.CFN_AMQP_PREFIX = `cfn-msg-${this.suffix}`;
    const { amqpUrl, databaseUrl } = readServiceEnvironment();
    const url = new URL(databaseUrl);
    url.pathname = `/cfn_msg_${this.suffix}`;
    this.databaseUrl = url.toString();
    await migrate(this.databaseUrl);

    const verbose = process.env.CFN_E2E_LOGS === '1';
    this.app = await NestFactory.create(
      messagingTestModule(this.databaseUrl, amqpUrl, this.log),
      verbose ? {} : { logger: false },
    );
    const connection = this.app.get(RabbitConnection);
    connectRabbitTransport(this.app, { app: APP, connection, prefetch: 5, maxAttempts: MAX_ATTEMPTS });
    await this.app.startAllMicroservices();
    await this.app.init();

    this.probe = await connect(amqpUrl);
    this.probeChannel = await this.probe.createConfirmChannel();
    await this.probeChannel.consume(
      appQueueNames(APP).deadLetterQueue,
      (message) => message && this.deadLetters.push(message),
      { noAck: true },
    );
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.deleteBrokerObjects().catch((error) => console.warn(`could not delete test queues: ${error.message}`));
    await dropDatabase(this.databaseUrl).catch((error) =>
      console.warn(`could not drop the test database: ${error.message}`),
    );
    if (this.previousPrefix === undefined) delete process.env.CFN_AMQP_PREFIX;
    else process.env.CFN_AMQP_PREFIX = this.previousPrefix;
  }

  get unitOfWork(): UnitOfWork {
    return this.nest.get(UnitOfWork);
  }

  get rabbit(): RabbitConnection {
    return this.nest.get(RabbitConnection);
  }

  /** Publishes bytes to the events exchange as a foreign producer would, waiting for the broker's confirm. */
  async publishRaw(routingKey: string, content: Buffer, options: Options.Publish): Promise<void> {
    const channel = this.probeChannel!;
    channel.publish(eventsExchange(), routingKey, content, {
      persistent: true,
      contentType: 'application/json',
      ...options,
    });
    await channel.waitForConfirms();
  }

  deadLettered(messageId: string): ConsumeMessage | undefined {
    return this.deadLetters.find((message) => message.properties.messageId === messageId);
  }

  async outboxRows(correlationId?: string): Promise<number> {
    const where = correlationId ? 'WHERE correlation_id = ?' : '';
    const [row] = await this.nest
      .get(DataSource)
      .query(`SELECT COUNT(*) AS n FROM ${outboxTable(APP)} ${where}`, [correlationId]);
    return Number(row.n);
  }

  async inboxRows(messageId: string): Promise<number> {
    const [row] = await this.nest
      .get(DataSource)
      .query(`SELECT COUNT(*) AS n FROM ${inboxTable(APP)} WHERE message_id = ?`, [messageId]);
    return Number(row.n);
  }

  private get nest(): INestApplication {
    if (!this.app) throw new Error('the test bed is not started');
    return this.app;
  }

  private async deleteBrokerObjects(): Promise<void> {
    if (!this.probe) return;
    try {
      await deleteBrokerObjects(await this.probe.createChannel(), `cfn-msg-${this.suffix}`, [APP]);
    } finally {
      await this.probe.close().catch(() => undefined);
    }
  }
}
