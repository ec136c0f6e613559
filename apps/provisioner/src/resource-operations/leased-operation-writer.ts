import { CloudOperation, withTransactionRetries } from '@cfn/persistence';
import { WriteCoalescer } from '@cfn/runtime';
import { DataSource } from 'typeorm';

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
 * written in one transaction, one commit instead of one each, and each caller learns whether its row was still
 * its own.
 */
export class LeasedOperationWriter {
  private readonly coalescer: WriteCoalescer<LeasedChange, boolean>;

  constructor(private readonly dataSource: DataSource) {
    this.coalescer = new WriteCoalescer((items) => this.write(items), { maxBatch: MAX_BATCH, maxConcurrentFlushes: MAX_CONCURRENT_FLUSHES });
  }

  /** False when the row is no longer leased to `owner` (another worker took it over): nothing was written. */
  update(operationId: string, owner: string, changes: Partial<CloudOperation>): Promise<boolean> {
    return this.coalescer.submit({ operationId, owner, changes });
  }

  private async write(items: LeasedChange[]): Promise<boolean[]> {
    // Rows are locked in primary-key order, the order the lease heartbeat's multi-row UPDATE locks them in, so the
    // two cannot deadlock; a deadlock or lost connection all the same rolls the batch back, and it is run again.
    const order = items.map((_, index) => index).sort((a, b) => compare(items[a].operationId, items[b].operationId));
    return withTransactionRetries(() => this.dataSource.transaction(async (manager) => {
      const held: boolean[] = new Array(items.length);
      for (const index of order) {
        const { operationId, owner, changes } = items[index];
        const result = await manager.update(CloudOperation, { operationId, leaseOwner: owner }, changes);
        held[index] = (result.affected ?? 0) > 0;
      }
      return held;
    }), { attempts: TRANSACTION_ATTEMPTS, firstDelayMs: 20, maxDelayMs: 1_000 });
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
