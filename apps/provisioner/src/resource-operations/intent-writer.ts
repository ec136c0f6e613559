import { CloudOperation, insertRows } from '@cfn/persistence';
import { WriteCoalescer } from '@cfn/runtime';
import { DataSource } from 'typeorm';

/** A `cloud_operations` row as a new request writes it (leased to this process; expiry set by the database). */
export type IntentValues = Omit<CloudOperation, 'leaseExpiresAt'> & { leaseExpiresAt: null };

/** Intents written in one statement at most; keeps a statement's size and lock time bounded. */
const MAX_BATCH = 200;
/** Statements in flight at once; a burst larger than that waits for the next one. */
const MAX_CONCURRENT_FLUSHES = 4;

/**
 * Writes the intents of requests that arrive together (one event-loop turn) with one multi-row INSERT: a stack of
 * 500 VMs reaches the provisioner within a fraction of a second, and 500 single-row commits queued on the pool
 * held each deploy back by up to a second and a half. Resolves true for a row this call wrote (the caller holds its
 * lease from the start), false for a request whose row already existed.
 *
 * Rows already present are found first, so a redelivered request in a batch does not slow the new ones. If another
 * process writes one of the remaining rows between that look and the insert (two deliveries of one request racing
 * in two processes), the batch cannot tell which rows are its own: all of them are reported as existing, and their
 * leases, not renewed by anyone, run out and are taken over normally, a delay of one lease period in a rare race.
 */
export class IntentWriter {
  private readonly coalescer: WriteCoalescer<IntentValues, boolean>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly leaseExpirySql: () => string,
  ) {
    this.coalescer = new WriteCoalescer((batch) => this.flush(batch), {
      maxBatch: MAX_BATCH,
      maxConcurrentFlushes: MAX_CONCURRENT_FLUSHES,
    });
  }

  write(values: IntentValues): Promise<boolean> {
    return this.coalescer.submit(values);
  }

  private async flush(batch: IntentValues[]): Promise<boolean[]> {
    const ids = [...new Set(batch.map((values) => values.operationId))];
    // Plain SQL rather than TypeORM's builders: their cost per statement grows with the square of its rows, and
    // a burst of 500 requests paid tens of milliseconds of the provisioner's time before its first deploy.
    const found: Array<{ operation_id: string }> = await this.dataSource.query(
      'SELECT operation_id FROM cloud_operations WHERE operation_id IN (?)',
      [ids],
    );
    const existing = new Set(found.map((row) => row.operation_id));
    const fresh: IntentValues[] = [];
    const seen = new Set<string>();
    for (const values of batch) {
      const id = values.operationId;
      if (existing.has(id) || seen.has(id)) continue;
      seen.add(id);
      fresh.push(values);
    }
    let allWritten = true;
    if (fresh.length > 0) {
      const inserted = await insertRows(
        this.dataSource.manager,
        CloudOperation,
        fresh.map((values) => ({ ...values, leaseExpiresAt: () => this.leaseExpirySql() })),
        { ignore: true },
      );
      allWritten = inserted.affectedRows === fresh.length;
    }
    const freshSet = new Set(fresh);
    return batch.map((values) => freshSet.has(values) && allWritten);
  }
}
