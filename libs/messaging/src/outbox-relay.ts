import { isLockConflictError, MessagingApp, outboxTable } from '@cfn/persistence';
import { sleep } from '@cfn/runtime';
import { Logger } from '@nestjs/common';
import { ConfirmChannel } from 'amqplib';
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

/** How the relay paces itself. */
export interface OutboxRelayOptions {
  /** How long an idle relay waits for a kick before it looks at the outbox anyway (default 250). */
  pollIntervalMs?: number;
  /** Rows claimed, published and deleted in one transaction at most (default 200). */
  batchSize?: number;
  /** Batches published and still waiting for the broker's confirms at once (default 3). */
  maxBatchesInFlight?: number;
}

/** A batch whose rows are claimed and published: `rows` is 0 when there was nothing to claim. */
interface PublishedBatch {
  rows: number;
  /** Settles when its confirms came and its rows were deleted (committed), or the transaction rolled back. */
  settled: Promise<void>;
}

/**
 * Moves committed outbox rows to RabbitMQ with publisher confirms, then deletes them.
 * Rows are claimed with SKIP LOCKED so several replicas can relay side by side; a crash between
 * publish and delete republishes the row, which consumers drop by message id.
 *
 * A batch's confirms take tens of milliseconds on a busy broker (it writes persistent messages to disk first),
 * while its messages reach consumers at once. So the relay does not wait for them before it claims and publishes
 * the next batch: up to `maxBatchesInFlight` batches, each in its own transaction holding its own rows, wait for
 * their confirms side by side (ADR 44). Batches are claimed and published one after the other on one channel, so
 * the broker receives the rows in outbox order; only when the broker refuses a batch (a nack, a closed channel)
 * are its rows published again after later ones, the same reordering that relays of two replicas can cause.
 */
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private pending = false;
  private readonly inFlight = new Set<Promise<void>>();
  /** Set by a batch that failed after publishing: the loop backs off before claiming again. */
  private failure: unknown = null;

  constructor(
    private readonly app: MessagingApp,
    private readonly dataSource: DataSource,
    private readonly rabbit: RabbitConnection,
    private readonly options: OutboxRelayOptions = {},
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
    const maxInFlight = Math.max(1, this.options.maxBatchesInFlight ?? 3);
    while (this.running) {
      let claimed = 0;
      try {
        this.pending = false;
        await this.backOffAfterFailure();
        const batch = await this.publishBatch();
        claimed = batch.rows;
        if (claimed > 0) this.track(batch.settled);
      } catch (error) {
        this.logger.warn(`relay failed, will retry: ${(error as Error).message}`);
        await sleep(relayRetryDelayMs(error));
      }
      if (this.inFlight.size >= maxInFlight) await Promise.race(this.inFlight);
      if (claimed === 0 && !this.pending && this.running) await this.idle();
    }
    await Promise.all(this.inFlight);
  }

  private track(settled: Promise<void>): void {
    const tracked: Promise<void> = settled
      .catch((error) => {
        this.logger.warn(`relay failed, will retry: ${(error as Error).message}`);
        this.failure = error;
        // The batch's rows are due again: an idle loop looks for them after the back-off, not at the next poll.
        this.wake?.();
      })
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** After a batch failed, the batches still in flight settle and the retry delay passes before the next claim. */
  private async backOffAfterFailure(): Promise<void> {
    if (this.failure === null) return;
    await Promise.all(this.inFlight);
    const failure = this.failure;
    this.failure = null;
    await sleep(relayRetryDelayMs(failure));
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollIntervalMs ?? 250);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  /**
   * Claims a batch and publishes it; resolves once it is published (or found empty), while its transaction stays
   * open until the broker confirmed every message and the rows are deleted. Rejects if the claim or a publish failed.
   */
  private async publishBatch(): Promise<PublishedBatch> {
    const channel = await this.rabbit.confirmChannel();
    let published!: (rows: number) => void;
    const publishedRows = new Promise<number>((resolve) => {
      published = resolve;
    });
    // READ COMMITTED: the claim and the delete lock only the rows they name, not the gaps between them, so the
    // handlers inserting new outbox rows meanwhile neither wait for the relay nor deadlock with it.
    const settled = this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, message_id, routing_key, correlation_id, causation_id, payload FROM ${outboxTable(this.app)}
         ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [this.options.batchSize ?? 200],
      );
      const confirmed = rows.map((row) => this.publish(channel, row));
      published(rows.length);
      if (rows.length === 0) return;
      await Promise.all(confirmed);
      // ORDER BY ... LIMIT keeps the delete on the primary key: with a plain IN list naming a large share of a small
      // table the optimiser scans the whole table instead, and waits on (deadlocks with) rows other batches hold.
      await manager.query(`DELETE FROM ${outboxTable(this.app)} WHERE id IN (?) ORDER BY id LIMIT ?`, [
        rows.map((row) => row.id),
        rows.length,
      ]);
    });
    const rows = await Promise.race([publishedRows, settled.then(() => 0)]);
    return { rows, settled };
  }

  /** Publishes one row; resolves when the broker confirmed it, rejects on a nack or a closed channel. */
  private publish(channel: ConfirmChannel, row: OutboxRow): Promise<void> {
    const confirmed = new Promise<void>((resolve, reject) => {
      channel.publish(
        eventsExchange(),
        row.routing_key,
        Buffer.from(row.payload),
        {
          persistent: true,
          contentType: 'application/json',
          messageId: row.message_id,
          correlationId: row.correlation_id ?? undefined,
          type: row.routing_key,
          timestamp: Math.floor(Date.now() / 1000),
          headers: { causationId: row.causation_id, producer: this.app },
        },
        (error) => (error ? reject(error) : resolve()),
      );
    });
    // Observed here as well: when a later publish of the batch throws, nobody awaits this one's refusal.
    confirmed.catch(() => undefined);
    return confirmed;
  }
}
