import { InvalidMessageError, MessageValidator } from '@cfn/contracts';
import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { isObservable, lastValueFrom } from 'rxjs';

import { IncomingMessageMeta, RabbitContext } from './message-context';
import { RabbitConnection } from './rabbit-connection';
import { AppQueueNames, declareAppTopology, RETRY_DELAYS_MS } from './topology';

const MAX_CACHED_ROUTING_KEYS = 1_000;

export interface RabbitTransportOptions {
  app: string;
  connection: RabbitConnection;
  /** Unacknowledged messages one process holds at once. */
  prefetch: number;
  /** Deliveries before a failing message is parked in the dead-letter queue. */
  maxAttempts?: number;
  /** Extra routing-key patterns bound to the queue without a handler of their own (the audit app binds `#`). */
  extraBindings?: string[];
  /** Handler used for messages whose routing key has no @EventPattern (the audit app's catch-all). */
  fallbackPattern?: string;
}

/**
 * The NestJS face of our RabbitMQ plumbing: `@EventPattern('<routing key>')` handlers are bound to the app's
 * durable queue. Unlike the stock RMQ transport it acks only after the handler resolved (the handler's
 * transaction has committed), bounds prefetch, checks bodies against their contract, retries failures through
 * delay queues with growing TTLs, and parks a message in the dead-letter queue after the last attempt.
 */
export class RabbitTransport extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger('RabbitTransport');
  private readonly validator = new MessageValidator();
  private channel: ConfirmChannel | null = null;
  private names: AppQueueNames | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  /**
   * Handlers by routing key. Nest's own lookup first tries the key as JSON, and a key that is not JSON costs a thrown
   * and caught SyntaxError on every message; handlers are all registered before `listen`, so a lookup's answer holds.
   */
  private readonly handlersByRoutingKey = new Map<string, MessageHandler | null>();
  private closing = false;

  constructor(private readonly options: RabbitTransportOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.options.connection
      .onEveryConnect(async (connection) => {
        if (this.closing) return;
        const channel = await connection.createConfirmChannel();
        channel.on('error', (error) => this.logger.warn(`consumer channel error: ${error.message}`));
        const routingKeys = [...this.getHandlers().keys()].filter((key) => key !== this.options.fallbackPattern);
        this.names = await declareAppTopology(channel, this.options.app, [
          ...routingKeys,
          ...(this.options.extraBindings ?? []),
        ]);
        await channel.prefetch(this.options.prefetch);
        await channel.consume(this.names.queue, (message) => message && this.track(this.handle(channel, message)));
        this.channel = channel;
        this.logger.log(
          `consuming ${this.names.queue} (prefetch ${this.options.prefetch}) for ${routingKeys.join(', ') || '#'}`,
        );
      })
      .then(
        () => callback(),
        (error) => callback(error),
      );
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.inFlight]);
    await this.channel?.close().catch(() => undefined);
  }

  on(): void {
    throw new Error('RabbitTransport does not support event listeners');
  }

  unwrap<T>(): T {
    return this.channel as T;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handle(channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
    const meta = readMeta(message);
    const handler = this.handlerFor(meta.routingKey);
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString('utf8'));
      if (!handler) throw new InvalidMessageError(meta.routingKey, 'no handler for this routing key');
      this.validator.assertValid(meta.routingKey, body);
    } catch (error) {
      this.logger.error(
        `rejecting message ${meta.messageId} (${meta.routingKey}) to the dead-letter queue: ${(error as Error).message}`,
      );
      safely(() => channel.nack(message, false, false));
      return;
    }
    const context = new RabbitContext([meta]);
    try {
      const result = await handler(body, context);
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      safely(() => channel.ack(message));
    } catch (error) {
      await this.retryLater(channel, message, meta, context.failure ?? error);
    }
  }

  private handlerFor(routingKey: string): MessageHandler | null {
    let handler = this.handlersByRoutingKey.get(routingKey);
    if (handler === undefined) {
      handler =
        this.getHandlerByPattern(routingKey) ??
        (this.options.fallbackPattern ? this.getHandlerByPattern(this.options.fallbackPattern) : null);
      // A queue bound to '#' (the audit's) sees any key a publisher chooses: the table stays bounded.
      if (this.handlersByRoutingKey.size < MAX_CACHED_ROUTING_KEYS) this.handlersByRoutingKey.set(routingKey, handler);
    }
    return handler;
  }

  private async retryLater(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    meta: IncomingMessageMeta,
    failure: unknown,
  ) {
    const maxAttempts = this.options.maxAttempts ?? RETRY_DELAYS_MS.length + 1;
    const names = this.names!;
    const nextAttempt = meta.attempt + 1;
    const target = nextAttempt >= maxAttempts ? names.deadLetterQueue : names.delayQueue(meta.attempt);
    const reason = (failure as Error)?.message ?? String(failure);
    const line = `handler for ${meta.routingKey} ${meta.messageId} failed (attempt ${nextAttempt}): ${reason}; `;
    if (target === names.deadLetterQueue) {
      // The last word on a message someone will have to look at: with where it failed.
      this.logger.error(
        `${line}parking in the dead-letter queue${(failure as Error)?.stack ? `\n${(failure as Error).stack}` : ''}`,
      );
    } else {
      this.logger.warn(`${line}retrying via ${target}`);
    }
    try {
      channel.sendToQueue(target, message.content, {
        ...message.properties,
        // The delay queue hands the message back under the queue's name, so the original key must travel in `type`.
        type: meta.routingKey,
        headers: { ...message.properties.headers, 'x-attempt': nextAttempt, 'x-last-error': reason.slice(0, 500) },
      });
      await channel.waitForConfirms();
      channel.ack(message);
    } catch (publishError) {
      // The channel is gone: the broker redelivers the unacked message to a consumer later.
      this.logger.warn(`could not schedule a retry: ${(publishError as Error).message}`);
    }
  }
}

function readMeta(message: ConsumeMessage): IncomingMessageMeta {
  const headers = message.properties.headers ?? {};
  return {
    messageId: message.properties.messageId,
    routingKey: message.properties.type || message.fields.routingKey,
    correlationId: message.properties.correlationId ?? null,
    causationId: headers.causationId ?? null,
    producer: headers.producer ?? null,
    attempt: Number(headers['x-attempt'] ?? 0),
  };
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // A closed channel: the broker will redeliver the message.
  }
}
