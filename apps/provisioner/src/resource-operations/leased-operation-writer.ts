import { CloudOperation, updateRowsByKey, withTransactionRetries } from '@cfn/persistence';
import { WriteCoalescer } from '@cfn/runtime';
import { DataSource, EntityManager } from 'typeorm';

interface LeasedChange {
  operationId: string;
  owner: string;
  changes: Partial<CloudOperation>;
}

/** Changes written in one transaction at most. */
const MAX_BATCH = 200;
/** Runs of a batch that failed on its connection or a deadlock before the error is the callers'. */
const TRANSACTION_ATTEMPTS = 5;
/** Transactions in flight at once; what arrives meanwhile waits for the next one (group commit). */
const MAX_CONCURRENT_FLUSHES = 2;

/**
 * Writes a `cloud_operations` row's progress or final state only while the given process holds its lease. The
 * changes of operations that report together (hundreds of deploy jobs finishing in the same listing round) are
 * written in one transaction of two statements (lock and read the holders, then one UPDATE for all rows), not a
 * statement and a commit each, and each caller learns whether its row was still its own.
 */
export class LeasedOperationWriter {
  private readonly coalescer: WriteCoalescer<LeasedChange, boolean>;

  constructor(private readonly dataSource: DataSource) {
    this.coalescer = new WriteCoalescer((items) => this.write(items), {
      maxBatch: MAX_BATCH,
      maxConcurrentFlushes: MAX_CONCURRENT_FLUSHES,
    });
  }

  /** False when the row is no longer leased to `owner` (another worker took it over): nothing was written. */
  update(operationId: string, owner: string, changes: Partial<CloudOperation>): Promise<boolean> {
    return this.coalescer.submit({ operationId, owner, changes });
  }

  private async write(items: LeasedChange[]): Promise<boolean[]> {
    return withTransactionRetries(
      () =>
        this.dataSource.transaction(async (manager) => {
          const owners = await this.lockRows(manager, [...new Set(items.map((item) => item.operationId))]);
          // The items are applied in the order they came, as one statement each would: a change that gives the lease
          // up (a finish) means a later change of the same row in the batch no longer holds it.
          const held: boolean[] = [];
          const merged = new Map<string, Partial<CloudOperation>>();
          for (const { operationId, owner, changes } of items) {
            const holds = owners.get(operationId) === owner;
            held.push(holds);
            if (!holds) continue;
            merged.set(operationId, { ...merged.get(operationId), ...changes });
            if (changes.leaseOwner !== undefined) owners.set(operationId, changes.leaseOwner);
          }
          if (merged.size > 0) await updateRowsByKey(manager, CloudOperation, 'operationId', merged);
          return held;
        }),
      { attempts: TRANSACTION_ATTEMPTS, firstDelayMs: 20, maxDelayMs: 1_000 },
    );
  }

  /**
   * Locks the rows and reads who holds each. InnoDB locks them in primary-key order, the order the lease heartbeat's
   * multi-row UPDATE locks them in, so the two cannot deadlock; a deadlock or lost connection all the same rolls the
   * batch back, and it is run again.
   */
  private async lockRows(manager: EntityManager, operationIds: string[]): Promise<Map<string, string | null>> {
    const rows: Array<{ operation_id: string; lease_owner: string | null }> = await manager.query(
      'SELECT operation_id, lease_owner FROM cloud_operations WHERE operation_id IN (?) ORDER BY operation_id FOR UPDATE',
      [operationIds],
    );
    return new Map(rows.map((row) => [row.operation_id, row.lease_owner]));
  }
}
