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

  /**
   * Writes several events with one multi-row INSERT per chunk, in the given order (the relay sends by row id).
   * Used by batch transactions, which apply many messages at once and would otherwise pay a round trip per event.
   */
  async addMany(manager: EntityManager, events: Array<{ contract: MessageContract<unknown>; payload: unknown; meta: OutgoingMessageMeta }>): Promise<void> {
    for (let start = 0; start < events.length; start += OUTBOX_CHUNK) {
      const chunk = events.slice(start, start + OUTBOX_CHUNK);
      const values: unknown[] = [];
      for (const { contract, payload, meta } of chunk) {
        values.push(newId(), contract.routingKey, meta.correlationId, meta.causationId, JSON.stringify(payload));
      }
      await manager.query(
        `INSERT INTO ${outboxTable(this.app)} (message_id, routing_key, correlation_id, causation_id, payload, created_at)
         VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, UTC_TIMESTAMP(3))').join(', ')}`,
        values,
      );
    }
  }

  /** Checks a body against its contract, as `add` does, for events written later with `addMany`. */
  check(contract: MessageContract<unknown>, payload: unknown): void {
    this.validator.assertValid(contract.routingKey, payload);
  }
}

/** Events per multi-row INSERT: bounded so a statement stays well under MySQL's max_allowed_packet. */
const OUTBOX_CHUNK = 100;
