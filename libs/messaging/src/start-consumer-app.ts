import { createServiceLogger } from '@cfn/runtime';
import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { connectRabbitTransport } from './connect-rabbit-transport';
import { RabbitConnection } from './rabbit-connection';
import { RabbitTransportOptions } from './rabbit-transport';

export interface ConsumerAppOptions extends Omit<RabbitTransportOptions, 'connection'> {
  /** When set, the app also serves HTTP on this port (the api). */
  http?: { host: string; port: number; configure?: (app: INestApplication) => void };
}

/**
 * Starts one service process: the Nest application, its RabbitMQ consumer (our transport), and HTTP when asked.
 * SIGINT/SIGTERM close it cleanly: consumers stop, in-flight handlers finish, the outbox relay drains.
 */
export async function startConsumerApp(module: Type<unknown>, options: ConsumerAppOptions): Promise<INestApplication> {
  const logger = createServiceLogger(options.app);
  // Body parsing is left to the app (the api needs raw bytes for SigV4).
  const app = await NestFactory.create(module, { logger, bodyParser: false });
  options.http?.configure?.(app);
  app.enableShutdownHooks();
  const connection = app.get(RabbitConnection);
  connectRabbitTransport(app, { ...options, connection });
  await app.startAllMicroservices();
  if (options.http) {
    await app.listen(options.http.port, options.http.host);
    logger.log(`listening on http://${options.http.host}:${options.http.port}`);
  } else {
    await app.init();
  }
  logger.log('started');
  return app;
}
