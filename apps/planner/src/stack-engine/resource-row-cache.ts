import { Transaction } from '@cfn/messaging';
import { StackResource } from '@cfn/persistence';
import { DataSource, EntitySubscriberInterface, InsertEvent, QueryRunner, RemoveEvent, UpdateEvent } from 'typeorm';

interface CachedRows {
  rows: Map<string, StackResource>;
  /** Writes announced through `ownWrite` whose statements the listener has not seen yet. */
  announced: number;
}

const cacheByQueryRunner = new WeakMap<QueryRunner, CachedRows>();
const keyOf = (stackId: string, logicalId: string) => `${stackId}\n${logicalId}`;

/**
 * `stack_resources` rows read together for one transaction, so that a batch of outcomes costs one SELECT instead of
 * one per outcome. The rows stay valid only as long as nothing but their own updates (through the very objects
 * handed out, see `ownWrite`) touches the table in that transaction: any other insert, update or delete of a
 * resource row (seen by the listener below) or raw SQL write (`invalidate`) drops them all, and reads go back to
 * the database.
 */
export const ResourceRowCache = {
  prime(tx: Transaction, rows: StackResource[]): void {
    const queryRunner = tx.manager.queryRunner;
    if (!queryRunner) return;
    ensureListening(tx.manager.connection);
    cacheByQueryRunner.set(queryRunner, { rows: new Map(rows.map((row) => [keyOf(row.stackId, row.logicalId), row])), announced: 0 });
  },

  /** The row as read or last written in this transaction; undefined when not cached (read it from the database). */
  get(tx: Transaction, stackId: string, logicalId: string): StackResource | undefined {
    const queryRunner = tx.manager.queryRunner;
    return queryRunner ? cacheByQueryRunner.get(queryRunner)?.rows.get(keyOf(stackId, logicalId)) : undefined;
  },

  /**
   * Announces an UPDATE of `resource`'s own row whose values the object already carries. If the cache holds another
   * object for that row, that copy is now stale and is dropped.
   */
  ownWrite(tx: Transaction, resource: StackResource): void {
    const cached = tx.manager.queryRunner ? cacheByQueryRunner.get(tx.manager.queryRunner) : undefined;
    if (!cached) return;
    const key = keyOf(resource.stackId, resource.logicalId);
    if (cached.rows.has(key) && cached.rows.get(key) !== resource) cached.rows.delete(key);
    cached.announced++;
  },

  /** For writes the listener cannot see (raw SQL). */
  invalidate(tx: Transaction): void {
    if (tx.manager.queryRunner) cacheByQueryRunner.delete(tx.manager.queryRunner);
  },
};

/** Sees every write TypeORM makes to `stack_resources` (inserts, updates and deletes, whatever their criteria). */
class StackResourceWriteListener implements EntitySubscriberInterface<StackResource> {
  listenTo() {
    return StackResource;
  }

  afterInsert(event: InsertEvent<StackResource>): void {
    written(event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<StackResource>): void {
    written(event.queryRunner);
  }

  afterRemove(event: RemoveEvent<StackResource>): void {
    written(event.queryRunner);
  }
}

function written(queryRunner: QueryRunner): void {
  const cached = cacheByQueryRunner.get(queryRunner);
  if (!cached) return;
  if (cached.announced > 0) cached.announced--;
  else cacheByQueryRunner.delete(queryRunner);
}

/** Registered by the cache itself on first use, so no planner (nor a suite building one by hand) can run without it. */
function ensureListening(dataSource: DataSource): void {
  if (!dataSource.subscribers.some((subscriber) => subscriber instanceof StackResourceWriteListener)) {
    dataSource.subscribers.push(new StackResourceWriteListener());
  }
}
