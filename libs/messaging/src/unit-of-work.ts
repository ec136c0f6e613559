import { MessageContract } from '@cfn/contracts';
import { inboxTable, isDuplicateKeyError, MessagingApp, withTransactionRetries } from '@cfn/persistence';
import { DataSource, EntityManager } from 'typeorm';

import { IncomingMessageMeta } from './message-context';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter, OutgoingMessageMeta } from './outbox-writer';

export interface Transaction {
  manager: EntityManager;
  /** Queues an event in the outbox; it is relayed after this transaction commits, and only if it commits. */
  publish<T>(contract: MessageContract<T>, payload: T, correlationId?: string | null): Promise<void>;
  /**
   * Runs `step` once the work is done, before the outbox is written and the transaction commits, in the order the
   * steps were added: where writes gathered during the work go in together (one multi-row INSERT, not one per row).
   */
  beforeCommit(step: () => Promise<void>): void;
}

/** A transaction applying several incoming messages; `handling` names the one whose effects follow (for causation ids). */
export interface BatchTransaction extends Transaction {
  handling(incoming: IncomingMessageMeta): void;
}

/** Thrown inside a unit of work to roll it back when the message was already handled by an earlier delivery. */
class AlreadyHandled extends Error {}

/**
 * A batch found some of its messages absent from the inbox, yet could not write them all: another transaction
 * recorded one in between. The batch is rolled back and run again, when the first look sees that message.
 */
class InboxRace extends Error {}

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
    return withTransactionRetries(() => this.runOnce(incoming, work));
  }

  /**
   * Applies several incoming messages in one transaction (one commit instead of one per message): each is recorded
   * in the inbox, and `work` receives those not handled before. Retried whole like `run`.
   */
  async runMany(
    incoming: IncomingMessageMeta[],
    work: (tx: BatchTransaction, fresh: IncomingMessageMeta[]) => Promise<void>,
  ): Promise<void> {
    return withTransactionRetries(() => this.runManyOnce(incoming, work), {
      alsoRetry: (error) => error instanceof InboxRace,
    });
  }

  private async runManyOnce(
    incoming: IncomingMessageMeta[],
    work: (tx: BatchTransaction, fresh: IncomingMessageMeta[]) => Promise<void>,
  ): Promise<void> {
    let queued = 0;
    await this.dataSource.transaction(async (manager) => {
      const fresh = await this.recordBatchInInbox(manager, incoming);
      const end = new TransactionEnd(this.outbox);
      let current: IncomingMessageMeta | null = null;
      const tx: BatchTransaction = {
        manager,
        beforeCommit: (step) => end.beforeCommit(step),
        handling: (meta) => {
          current = meta;
        },
        publish: async (contract, payload, correlationId) =>
          end.publish(contract, payload, {
            correlationId: correlationId ?? current?.correlationId ?? null,
            causationId: current?.messageId ?? null,
          }),
      };
      if (fresh.length > 0) await work(tx, fresh);
      queued = await end.finish(manager);
    });
    if (queued > 0) this.relay.kick();
  }

  /** Records a batch's messages in the inbox with one look and one multi-row INSERT; returns those new to it. */
  private async recordBatchInInbox(
    manager: EntityManager,
    incoming: IncomingMessageMeta[],
  ): Promise<IncomingMessageMeta[]> {
    if (incoming.length === 0) return [];
    const table = inboxTable(this.app);
    const ids = [...new Set(incoming.map((meta) => meta.messageId))];
    const rows: Array<{ message_id: string }> = await manager.query(
      `SELECT message_id FROM ${table} WHERE message_id IN (?)`,
      [ids],
    );
    const handled = new Set(rows.map((row) => row.message_id));
    const fresh: IncomingMessageMeta[] = [];
    for (const meta of incoming) {
      if (handled.has(meta.messageId)) continue;
      handled.add(meta.messageId);
      fresh.push(meta);
    }
    if (fresh.length === 0) return fresh;
    const result = await manager.query(
      `INSERT IGNORE INTO ${table} (message_id, routing_key, handled_at) VALUES ${fresh.map(() => '(?, ?, UTC_TIMESTAMP(3))').join(', ')}`,
      fresh.flatMap((meta) => [meta.messageId, meta.routingKey]),
    );
    if ((result as { affectedRows?: number }).affectedRows !== fresh.length) throw new InboxRace();
    return fresh;
  }

  private async runOnce(
    incoming: IncomingMessageMeta | null,
    work: (tx: Transaction) => Promise<void>,
  ): Promise<boolean> {
    let queued = 0;
    try {
      await this.dataSource.transaction(async (manager) => {
        if (incoming) await this.recordInInbox(manager, incoming);
        const end = new TransactionEnd(this.outbox);
        const tx: Transaction = {
          manager,
          beforeCommit: (step) => end.beforeCommit(step),
          publish: async (contract, payload, correlationId) =>
            end.publish(contract, payload, {
              correlationId: correlationId ?? incoming?.correlationId ?? null,
              causationId: incoming?.messageId ?? null,
            }),
        };
        await work(tx);
        queued = await end.finish(manager);
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

/**
 * What a transaction does once its work is done, before it commits: its before-commit steps, in the order they were
 * added (a step may add another), then the events it published, checked against their contracts when published and
 * written to the outbox together (multi-row INSERTs, in publishing order). A transaction that starts 500 resources
 * would otherwise pay 500 round trips for them; written before the commit, they still commit with the state change.
 */
class TransactionEnd {
  private readonly events: Array<{ contract: MessageContract<unknown>; payload: unknown; meta: OutgoingMessageMeta }> =
    [];
  private readonly steps: Array<() => Promise<void>> = [];

  constructor(private readonly outbox: OutboxWriter) {}

  publish<T>(contract: MessageContract<T>, payload: T, meta: OutgoingMessageMeta): void {
    this.outbox.check(contract as MessageContract<unknown>, payload);
    this.events.push({ contract: contract as MessageContract<unknown>, payload, meta });
  }

  beforeCommit(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  /** Returns how many events it wrote to the outbox. */
  async finish(manager: EntityManager): Promise<number> {
    for (let index = 0; index < this.steps.length; index++) await this.steps[index]();
    await this.outbox.addMany(manager, this.events);
    return this.events.length;
  }
}
