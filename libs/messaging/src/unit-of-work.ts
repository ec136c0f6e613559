import { MessageContract } from '@cfn/contracts';
import { inboxTable, isDuplicateKeyError, MessagingApp } from '@cfn/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { IncomingMessageMeta } from './message-context';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

export interface Transaction {
  manager: EntityManager;
  /** Queues an event in the outbox; it is relayed after this transaction commits, and only if it commits. */
  publish<T>(contract: MessageContract<T>, payload: T, correlationId?: string | null): Promise<void>;
}

/** Thrown inside a unit of work to roll it back when the message was already handled by an earlier delivery. */
class AlreadyHandled extends Error {}

/**
 * Runs a state change and the events it causes in one MySQL transaction. When started for an incoming
 * message, the message id is recorded in the app's inbox in the same transaction, so a redelivered
 * message changes nothing (the handler is not run again).
 */
export class UnitOfWork {
  constructor(
    private readonly app: MessagingApp,
    readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
  ) {}

  /** Returns false when `incoming` had been handled before and nothing was done. */
  async run(incoming: IncomingMessageMeta | null, work: (tx: Transaction) => Promise<void>): Promise<boolean> {
    let queued = 0;
    try {
      await this.dataSource.transaction(async (manager) => {
        if (incoming) await this.recordInInbox(manager, incoming);
        const tx: Transaction = {
          manager,
          publish: async (contract, payload, correlationId) => {
            queued++;
            await this.outbox.add(manager, contract, payload, {
              correlationId: correlationId ?? incoming?.correlationId ?? null,
              causationId: incoming?.messageId ?? null,
            });
          },
        };
        await work(tx);
      });
    } catch (error) {
      if (error instanceof AlreadyHandled) return false;
      throw error;
    }
    if (queued > 0) this.relay.kick();
    return true;
  }

  private async recordInInbox(manager: EntityManager, incoming: IncomingMessageMeta): Promise<void> {
    try {
      await manager.query(
        `INSERT INTO ${inboxTable(this.app)} (message_id, routing_key, handled_at) VALUES (?, ?, UTC_TIMESTAMP(3))`,
        [incoming.messageId, incoming.routingKey],
      );
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new AlreadyHandled();
      throw error;
    }
  }
}
