import { MessageContract, MessageValidator } from '@cfn/contracts';
import { MessagingApp, outboxTable } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { EntityManager } from 'typeorm';

export interface OutgoingMessageMeta {
  correlationId: string | null;
  causationId: string | null;
}

/**
 * Writes an event into the app's outbox inside the caller's transaction, so the state change and
 * the event announcing it commit together. The body is checked against its contract here, at the source.
 */
export class OutboxWriter {
  constructor(private readonly app: MessagingApp, private readonly validator: MessageValidator) {}

  async add<T>(manager: EntityManager, contract: MessageContract<T>, payload: T, meta: OutgoingMessageMeta): Promise<string> {
    this.validator.assertValid(contract.routingKey, payload);
    const messageId = newId();
    await manager.query(
      `INSERT INTO ${outboxTable(this.app)} (message_id, routing_key, correlation_id, causation_id, payload, created_at)
       VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3))`,
      [messageId, contract.routingKey, meta.correlationId, meta.causationId, JSON.stringify(payload)],
    );
    return messageId;
  }
}
