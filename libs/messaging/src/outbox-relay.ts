import { Logger } from '@nestjs/common';
import { isLockConflictError, MessagingApp, outboxTable } from '@cfn/persistence';
import { sleep } from '@cfn/runtime';
import { DataSource } from 'typeorm';
import { RabbitConnection } from './rabbit-connection';
import { eventsExchange } from './topology';

interface OutboxRow {
  id: string;
  message_id: string;
  routing_key: string;
  correlation_id: string | null;
  causation_id: string | null;
  payload: string;
}

/**
 * How long the relay waits before trying again after a failed batch: a lock conflict is over almost at once (the
 * batch was rolled back and its events are still due), while a lost connection or broker needs time to come back.
 */
export function relayRetryDelayMs(error: unknown): number {
  return isLockConflictError(error) ? 20 : 1_000;
}

/**
 * Moves committed outbox rows to RabbitMQ with publisher confirms, then deletes them.
 * Rows are claimed with SKIP LOCKED so several replicas can relay side by side; a crash between
 * publish and delete republishes the row, which consumers drop by message id.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private pending = false;

  constructor(
    private readonly app: MessagingApp,
    private readonly dataSource: DataSource,
    private readonly rabbit: RabbitConnection,
    private readonly options: { pollIntervalMs?: number; batchSize?: number } = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
  }

  /** Called after a transaction with outbox rows commits, so the events leave without waiting for the next poll. */
  kick(): void {
    this.pending = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let relayed = 0;
      try {
        this.pending = false;
        relayed = await this.relayBatch();
      } catch (error) {
        this.logger.warn(`relay failed, will retry: ${(error as Error).message}`);
        await sleep(relayRetryDelayMs(error));
      }
      if (relayed === 0 && !this.pending && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollIntervalMs ?? 250);
      function done() { clearTimeout(timer); resolve(); }
      this.wake = () => { this.wake = null; done(); };
    });
  }

  /** Relays one batch in one transaction; returns how many rows it moved. */
  async relayBatch(): Promise<number> {
    const channel = await this.rabbit.confirmChannel();
    // READ COMMITTED: the claim and the delete lock only the rows they name, not the gaps between them, so the
    // handlers inserting new outbox rows meanwhile neither wait for the relay nor deadlock with it.
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, message_id, routing_key, correlation_id, causation_id, payload FROM ${outboxTable(this.app)}
         ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 200],
      );
      if (rows.length === 0) return 0;
      for (const row of rows) {
        channel.publish(eventsExchange(), row.routing_key, Buffer.from(row.payload), {
          persistent: true,
          contentType: 'application/json',
          messageId: row.message_id,
          correlationId: row.correlation_id ?? undefined,
          type: row.routing_key,
          timestamp: Math.floor(Date.now() / 1000),
          headers: { causationId: row.causation_id, producer: this.app },
        });
      }
      await channel.waitForConfirms();
      await manager.query(`DELETE FROM ${outboxTable(this.app)} WHERE id IN (?)`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }
}
