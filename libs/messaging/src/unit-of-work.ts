import { MessageContract } from '@cfn/contracts';
import { inboxTable, isDuplicateKeyError, isTransientDatabaseError, MessagingApp } from '@cfn/persistence';
import { backoffDelay, sleep } from '@cfn/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { IncomingMessageMeta } from './message-context';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';

export interface Transaction {
  manager: EntityManager;
  /** Queues an event in the outbox; it is relayed after this transaction commits, and only if it commits. */
  publish<T>(contract: MessageContract<T>, payload: T, correlationId?: string | null): Promise<void>;
}

/** A transaction applying several incoming messages; `handling` names the one whose effects follow (for causation ids). */
export interface BatchTransaction extends Transaction {
  handling(incoming: IncomingMessageMeta): void;
}

/** Thrown inside a unit of work to roll it back when the message was already handled by an earlier delivery. */
class AlreadyHandled extends Error {}

/** Runs of a transaction that failed on its connection (killed, lost, deadlocked) before the error is the caller's. */
const TRANSACTION_ATTEMPTS = 6;

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

  /**
   * Returns false when `incoming` had been handled before and nothing was done. A transaction that failed because
   * of its connection (killed, lost) or a deadlock was rolled back whole, so it is run again from the start.
   */
  async run(incoming: IncomingMessageMeta | null, work: (tx: Transaction) => Promise<void>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runOnce(incoming, work);
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isTransientDatabaseError(error)) throw error;
        await sleep(backoffDelay(attempt, 100, 2_000));
      }
    }
  }

  /**
   * Applies several incoming messages in one transaction (one commit instead of one per message): each is recorded
   * in the inbox, and `work` receives those not handled before. Retried whole like `run`.
   */
  async runMany(incoming: IncomingMessageMeta[], work: (tx: BatchTransaction, fresh: IncomingMessageMeta[]) => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runManyOnce(incoming, work);
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isTransientDatabaseError(error)) throw error;
        await sleep(backoffDelay(attempt, 100, 2_000));
      }
    }
  }

  private async runManyOnce(
    incoming: IncomingMessageMeta[], work: (tx: BatchTransaction, fresh: IncomingMessageMeta[]) => Promise<void>,
  ): Promise<void> {
    let queued = 0;
    await this.dataSource.transaction(async (manager) => {
      const fresh: IncomingMessageMeta[] = [];
      for (const meta of incoming) {
        const result = await manager.query(
          `INSERT IGNORE INTO ${inboxTable(this.app)} (message_id, routing_key, handled_at) VALUES (?, ?, UTC_TIMESTAMP(3))`,
          [meta.messageId, meta.routingKey],
        );
        if ((result as { affectedRows?: number }).affectedRows === 1) fresh.push(meta);
      }
      let current: IncomingMessageMeta | null = null;
      const tx: BatchTransaction = {
        manager,
        handling: (meta) => { current = meta; },
        publish: async (contract, payload, correlationId) => {
          queued++;
          await this.outbox.add(manager, contract, payload, {
            correlationId: correlationId ?? current?.correlationId ?? null,
            causationId: current?.messageId ?? null,
          });
        },
      };
      if (fresh.length > 0) await work(tx, fresh);
    });
    if (queued > 0) this.relay.kick();
  }

  private async runOnce(incoming: IncomingMessageMeta | null, work: (tx: Transaction) => Promise<void>): Promise<boolean> {
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
