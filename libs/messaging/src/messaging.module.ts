import { MessageValidator } from '@cfn/contracts';
import { MessagingApp } from '@cfn/persistence';
import { readServiceEnvironment } from '@cfn/runtime';
import { DynamicModule, Global, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';
import { RabbitConnection } from './rabbit-connection';
import { amqpPrefix } from './topology';
import { UnitOfWork } from './unit-of-work';

/**
 * Messaging for one app: the AMQP connection, the outbox writer and relay, and the unit of work
 * (transaction + inbox + outbox). Requires PersistenceModule for the DataSource.
 */
@Global()
@Module({})
export class MessagingModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(RabbitConnection) private readonly connection: RabbitConnection,
  ) {}

  static forApp(app: MessagingApp, options: { amqpUrl?: string } = {}): DynamicModule {
    const connection = new RabbitConnection(
      options.amqpUrl ?? readServiceEnvironment().amqpUrl,
      `${amqpPrefix()}:${app}:${process.pid}`,
    );
    const outbox = new OutboxWriter(app, new MessageValidator());
    return {
      module: MessagingModule,
      providers: [
        { provide: RabbitConnection, useValue: connection },
        { provide: OutboxWriter, useValue: outbox },
        {
          provide: OutboxRelay,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new OutboxRelay(app, dataSource, connection),
        },
        {
          provide: UnitOfWork,
          inject: [DataSource, OutboxRelay],
          useFactory: (dataSource: DataSource, relay: OutboxRelay) => new UnitOfWork(app, dataSource, outbox, relay),
        },
      ],
      exports: [RabbitConnection, OutboxWriter, OutboxRelay, UnitOfWork],
    };
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.connection.close();
  }
}
