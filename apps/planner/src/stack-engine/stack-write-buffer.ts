import { Transaction } from '@cfn/messaging';
import { insertRows, Stack, StackEvent } from '@cfn/persistence';

/** Stack events written with one statement at most (bounds a statement's size). */
const EVENTS_PER_INSERT = 200;

interface PendingWrites {
  /** In the order they happened; written in that order, so their `seq` keeps it. */
  events: Array<Omit<StackEvent, 'seq'>>;
  /** Change of each stack's count of resources not yet CREATE_COMPLETE. */
  incompleteDeltas: Map<string, number>;
}

const pendingByTransaction = new WeakMap<Transaction, PendingWrites>();

/**
 * The planner's append-only writes of one transaction, gathered while it works and written just before it commits:
 * the stack events with multi-row INSERTs (in the order they happened) and each stack's incomplete-resource count
 * with one UPDATE. A transaction that settles 100 outcomes or starts 500 resources would otherwise pay a round trip
 * for each event and each count change. Nothing in the planner reads its own events back within a transaction; the
 * count is read only when the stack row is locked, which writes the pending change first (see `settleCount`).
 */
export const StackWriteBuffer = {
  addEvent(tx: Transaction, event: Omit<StackEvent, 'seq'>): void {
    pendingOf(tx).events.push(event);
  },

  addToIncompleteCount(tx: Transaction, stackId: string, delta: number): void {
    const deltas = pendingOf(tx).incompleteDeltas;
    deltas.set(stackId, (deltas.get(stackId) ?? 0) + delta);
  },

  /** Writes the stack's pending count change now (before the stack row is read again in this transaction). */
  async settleCount(tx: Transaction, stackId: string): Promise<void> {
    const deltas = pendingByTransaction.get(tx)?.incompleteDeltas;
    const delta = deltas?.get(stackId);
    if (!deltas || delta === undefined) return;
    deltas.delete(stackId);
    await writeCount(tx, stackId, delta);
  },
};

function pendingOf(tx: Transaction): PendingWrites {
  let pending = pendingByTransaction.get(tx);
  if (!pending) {
    const created: PendingWrites = { events: [], incompleteDeltas: new Map() };
    pending = created;
    pendingByTransaction.set(tx, created);
    tx.beforeCommit(async () => {
      for (const [stackId, delta] of created.incompleteDeltas) await writeCount(tx, stackId, delta);
      created.incompleteDeltas.clear();
      for (let start = 0; start < created.events.length; start += EVENTS_PER_INSERT) {
        await insertRows(tx.manager, StackEvent, created.events.slice(start, start + EVENTS_PER_INSERT));
      }
      created.events.length = 0;
    });
  }
  return pending;
}

async function writeCount(tx: Transaction, stackId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  await tx.manager.update(Stack, { id: stackId }, { incompleteResources: () => `incomplete_resources + (${delta})` });
}
