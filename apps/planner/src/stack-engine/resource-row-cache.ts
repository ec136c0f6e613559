import { Transaction } from '@cfn/messaging';
import { StackResource } from '@cfn/persistence';
import { DataSource, EntitySubscriberInterface, InsertEvent, QueryRunner, RemoveEvent, UpdateEvent } from 'typeorm';

const cacheByQueryRunner = new WeakMap<QueryRunner, Map<string, StackResource>>();
const keyOf = (stackId: string, logicalId: string) => `${stackId}\n${logicalId}`;

/**
 * `stack_resources` rows read together for one transaction, so that a batch of outcomes costs one SELECT instead of
 * one per outcome. The rows stay valid only as long as nothing but their own updates (through the very objects
 * handed out, queued by ResourceRowWrites, see `ownWrite`) touches the table in that transaction: any other insert,
 * update or delete of a resource row (seen by the listener below) drops them all, and reads go back to the
 * database.
 */
export const ResourceRowCache = {
  prime(tx: Transaction, rows: StackResource[]): void {
    const queryRunner = tx.manager.queryRunner;
    if (!queryRunner) return;
    ensureListening(tx.manager.connection);
    cacheByQueryRunner.set(queryRunner, new Map(rows.map((row) => [keyOf(row.stackId, row.logicalId), row])));
  },

  /** The row as read or last written in this transaction; undefined when not cached (read it from the database). */
  get(tx: Transaction, stackId: string, logicalId: string): StackResource | undefined {
    const queryRunner = tx.manager.queryRunner;
    return queryRunner ? cacheByQueryRunner.get(queryRunner)?.get(keyOf(stackId, logicalId)) : undefined;
  },

  /**
   * `resource` now carries values queued for its own row (ResourceRowWrites, raw SQL the listener does not see). If
   * the cache holds another object for that row, that copy is now stale and is dropped.
   */
  ownWrite(tx: Transaction, resource: StackResource): void {
    const rows = tx.manager.queryRunner ? cacheByQueryRunner.get(tx.manager.queryRunner) : undefined;
    const key = keyOf(resource.stackId, resource.logicalId);
    if (rows?.has(key) && rows.get(key) !== resource) rows.delete(key);
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
  cacheByQueryRunner.delete(queryRunner);
}

/** Registered by the cache itself on first use, so no planner (nor a suite building one by hand) can run without it. */
function ensureListening(dataSource: DataSource): void {
  if (!dataSource.subscribers.some((subscriber) => subscriber instanceof StackResourceWriteListener)) {
    dataSource.subscribers.push(new StackResourceWriteListener());
  }
}
