import { MessageContract, MessageValidator } from '@cfn/contracts';
import { MessagingApp, outboxTable } from '@cfn/persistence';
import { newId } from '@cfn/runtime';
import { EntityManager } from 'typeorm';

export interface OutgoingMessageMeta {
  correlationId: string | null;
  causationId: string | null;
}

/**
 * Writes events into the app's outbox inside the caller's transaction, so the state change and the events
 * announcing it commit together. Bodies are checked against their contracts at the source (`check`, when published).
 */
export class OutboxWriter {
  constructor(
    private readonly app: MessagingApp,
    private readonly validator: MessageValidator,
  ) {}

  /** Writes events with one multi-row INSERT per chunk, in the given order (the relay sends by row id). */
  async addMany(
    manager: EntityManager,
    events: Array<{ contract: MessageContract<unknown>; payload: unknown; meta: OutgoingMessageMeta }>,
  ): Promise<void> {
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
