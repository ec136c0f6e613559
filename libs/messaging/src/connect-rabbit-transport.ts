import { INestApplication } from '@nestjs/common';
import { NestMicroservice } from '@nestjs/microservices';

import { HandlerFailureFilter } from './handler-failure-filter';
import { RabbitTransport, RabbitTransportOptions } from './rabbit-transport';

/**
 * Connects the app's RabbitMQ consumer with its failure filter. The consumer keeps a config of its own
 * (`inheritAppConfig: false`), so its catch-all filter never sees the HTTP side's exceptions (the api answers those
 * in AWS's terms). Nest builds a consumer's handlers, with the filters known then, when it connects it; the
 * connection is deferred only to add the filter first, then finished as Nest's own undeferred path does.
 */
export function connectRabbitTransport(app: INestApplication, options: RabbitTransportOptions): NestMicroservice {
  const consumer = app.connectMicroservice(
    { strategy: new RabbitTransport(options) },
    {
      inheritAppConfig: false,
      deferInitialization: true,
    },
  ) as NestMicroservice;
  consumer.useGlobalFilters(new HandlerFailureFilter());
  consumer.registerListeners();
  consumer.setIsInitialized(true);
  consumer.setIsInitHookCalled(true);
  return consumer;
}
