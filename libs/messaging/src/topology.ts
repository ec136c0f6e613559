import type { Channel } from 'amqplib';

/**
 * Names of exchanges and queues start with CFN_AMQP_PREFIX (default `cfn`), so that several installations
 * (or test runs) can share one broker without seeing each other's messages.
 */
export function amqpPrefix(): string {
  return process.env.CFN_AMQP_PREFIX || 'cfn';
}

/** The one durable topic exchange every domain event is published to. */
export function eventsExchange(): string {
  return `${amqpPrefix()}.events`;
}

/** Back-off tiers for redelivery of a failed message: each tier is a queue whose TTL returns messages to the app queue. */
export const RETRY_DELAYS_MS = [1_000, 5_000, 20_000, 60_000, 120_000] as const;

/** The attempt number of the last delivery before dead-lettering: a transient failure on it is final. */
export const FINAL_ATTEMPT = RETRY_DELAYS_MS.length;

export interface AppQueueNames {
  queue: string;
  deadLetterQueue: string;
  delayQueue(attempt: number): string;
}

export function appQueueNames(app: string): AppQueueNames {
  const queue = `${amqpPrefix()}.${app}`;
  return {
    queue,
    deadLetterQueue: `${queue}.dlq`,
    delayQueue: (attempt: number) => `${queue}.retry.${retryDelayFor(attempt)}ms`,
  };
}

export function retryDelayFor(attempt: number): number {
  return RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
}

/**
 * Declares the exchange, the app's durable queue bound to its routing keys, its dead-letter queue
 * (where rejected messages go) and one delay queue per back-off tier. Idempotent: run at every (re)connect.
 */
export async function declareAppTopology(channel: Channel, app: string, routingKeys: string[]): Promise<AppQueueNames> {
  const names = appQueueNames(app);
  await channel.assertExchange(eventsExchange(), 'topic', { durable: true });
  await channel.assertQueue(names.deadLetterQueue, { durable: true });
  await channel.assertQueue(names.queue, {
    durable: true,
    arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': names.deadLetterQueue },
  });
  for (const delay of new Set(RETRY_DELAYS_MS)) {
    await channel.assertQueue(`${names.queue}.retry.${delay}ms`, {
      durable: true,
      arguments: {
        'x-message-ttl': delay,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': names.queue,
      },
    });
  }
  for (const key of routingKeys) await channel.bindQueue(names.queue, eventsExchange(), key);
  return names;
}
