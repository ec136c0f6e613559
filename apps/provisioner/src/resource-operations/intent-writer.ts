import { CloudOperation } from '@cfn/persistence';
import { WriteCoalescer } from '@cfn/runtime';
import { DataSource, In } from 'typeorm';

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

  constructor(private readonly dataSource: DataSource, private readonly leaseExpirySql: () => string) {
    this.coalescer = new WriteCoalescer((batch) => this.flush(batch), { maxBatch: MAX_BATCH, maxConcurrentFlushes: MAX_CONCURRENT_FLUSHES });
  }

  write(values: IntentValues): Promise<boolean> {
    return this.coalescer.submit(values);
  }

  private async flush(batch: IntentValues[]): Promise<boolean[]> {
    const repository = this.dataSource.getRepository(CloudOperation);
    const ids = [...new Set(batch.map((values) => values.operationId))];
    const existing = new Set((await repository.find({ select: { operationId: true }, where: { operationId: In(ids) } }))
      .map((row) => row.operationId));
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
      const inserted = await repository.createQueryBuilder().insert()
        .values(fresh.map((values) => ({ ...values, leaseExpiresAt: () => this.leaseExpirySql() })))
        .orIgnore()
        .execute();
      allWritten = (inserted.raw as { affectedRows?: number }).affectedRows === fresh.length;
    }
    const freshSet = new Set(fresh);
    return batch.map((values) => freshSet.has(values) && allWritten);
  }
}
