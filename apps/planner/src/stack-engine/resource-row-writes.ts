import { Transaction } from '@cfn/messaging';
import { StackResource, updateRowsByKeyStatement } from '@cfn/persistence';
import { QueryRunner } from 'typeorm';

/** Resource rows changed by one multi-row UPDATE at most (bounds a statement's size). */
const ROWS_PER_UPDATE = 200;

type Send = (sql: string, parameters?: unknown[], useStructuredResult?: boolean) => Promise<unknown>;

interface PendingRowWrites {
  /** Changes per row id, merged in the order they were made (a later value of a column wins). */
  byId: Map<string, Partial<StackResource>>;
  /** Set while a flush is being sent, so that statements issued meanwhile wait for it. */
  flushing: Promise<void> | null;
  /** The query runner's own query method, from before it was intercepted. */
  send: Send;
}

/** By query runner, not by Transaction object: one queue per database transaction, however its work is wrapped. */
const pendingByRunner = new WeakMap<QueryRunner, PendingRowWrites>();

/**
 * Write-behind for the planner's changes to its own `stack_resources` rows within one transaction. A batch of 100
 * outcomes changes 100 rows; sent one by one that is 100 round trips with the stack row locked, and the last round
 * of a 500-VM stack's outcomes waits for all of them. Queued here, they go out as multi-row UPDATEs.
 *
 * Nothing can see a queued change early or miss it: the transaction's connection sends the queue before any other
 * statement of the transaction (auto-flush, as an ORM session does before a query), whatever that statement is, a
 * read of `stack_resources`, another write, or the COMMIT. A ROLLBACK drops the queue with the transaction.
 *
 * The statements are raw SQL that TypeORM's subscribers do not see; the caller keeps the objects it hands out
 * holding the values written (see ResourceRowCache.ownWrite).
 */
export const ResourceRowWrites = {
  /** Queues `changes` to the row with id `id` (changes that are SQL expressions must not be queued). */
  add(tx: Transaction, id: string, changes: Partial<StackResource>): void {
    const pending = pendingOf(tx);
    const earlier = pending.byId.get(id);
    pending.byId.set(id, earlier ? { ...earlier, ...changes } : { ...changes });
  },
};

function pendingOf(tx: Transaction): PendingRowWrites {
  const runner = tx.manager.queryRunner;
  if (!runner) throw new Error('resource row writes are queued only inside a transaction');
  const pending = pendingByRunner.get(runner);
  if (pending) return pending;
  const created: PendingRowWrites = { byId: new Map(), flushing: null, send: runner.query.bind(runner) as Send };
  pendingByRunner.set(runner, created);
  // From now on every statement of the transaction sends the queue first; a ROLLBACK drops it instead.
  runner.query = (async (sql: string, parameters?: unknown[], useStructuredResult?: boolean) => {
    if (/^\s*ROLLBACK\b/i.test(sql)) created.byId.clear();
    else await flushBefore(runner, created);
    return created.send(sql, parameters, useStructuredResult);
  }) as QueryRunner['query'];
  return created;
}

async function flushBefore(runner: QueryRunner, pending: PendingRowWrites): Promise<void> {
  while (pending.flushing) await pending.flushing;
  if (pending.byId.size === 0) return;
  const rows = [...pending.byId];
  pending.byId.clear();
  pending.flushing = (async () => {
    for (let start = 0; start < rows.length; start += ROWS_PER_UPDATE) {
      const chunk = new Map(rows.slice(start, start + ROWS_PER_UPDATE));
      const statement = updateRowsByKeyStatement(runner.connection, StackResource, 'id', chunk);
      if (statement) await pending.send(statement.sql, statement.parameters);
    }
  })();
  try {
    await pending.flushing;
  } finally {
    pending.flushing = null;
  }
}
