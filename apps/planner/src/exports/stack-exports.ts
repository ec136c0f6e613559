import { Transaction } from '@cfn/messaging';
import { Stack } from '@cfn/persistence';

export type ImportResolution = { kind: 'resolved'; values: Record<string, string> } | { kind: 'missing'; name: string };

/**
 * Cross-stack exports (Outputs' Export.Name) and imports (Fn::ImportValue), per account and region: planner
 * state, kept in `stack_exports` and `stack_imports`. Locks order the races: a stack that starts importing reads
 * the export rows in share mode while it records its imports, and a delete of the exporting stack reads them
 * for update before it looks for importers, so neither can miss the other.
 */
export class StackExports {
  /** Resolves the names a starting stack imports, and records that it imports them. */
  async resolveImports(tx: Transaction, stack: Stack, names: string[]): Promise<ImportResolution> {
    if (names.length === 0) return { kind: 'resolved', values: {} };
    const rows: Array<{ name: string; value: string }> = await tx.manager.query(
      `SELECT name, value FROM stack_exports WHERE account_id = ? AND region = ? AND name IN (?) LOCK IN SHARE MODE`,
      [stack.accountId, stack.region, names],
    );
    const values = Object.fromEntries(rows.map((row) => [row.name, row.value]));
    const missing = names.find((name) => values[name] === undefined);
    if (missing !== undefined) return { kind: 'missing', name: missing };
    await tx.manager.query('INSERT IGNORE INTO stack_imports (account_id, region, export_name, stack_id) VALUES ?', [
      names.map((name) => [stack.accountId, stack.region, name, stack.id]),
    ]);
    return { kind: 'resolved', values };
  }

  /**
   * Publishes the stack's exports once its create completed. Returns the first name another stack of the account
   * and region already exports (nothing is published then), or null.
   */
  async publish(
    tx: Transaction,
    stack: Stack,
    exports: Array<{ name: string; value: string }>,
  ): Promise<{ name: string; exportingStack: string } | null> {
    if (exports.length === 0) return null;
    const twice = exports.find((item, index) => exports.findIndex((other) => other.name === item.name) !== index);
    if (twice) return { name: twice.name, exportingStack: stack.name };
    const taken: Array<{ name: string; stack_name: string; stack_id: string }> = await tx.manager.query(
      `SELECT e.name, e.stack_id, s.name AS stack_name FROM stack_exports e JOIN stacks s ON s.id = e.stack_id
       WHERE e.account_id = ? AND e.region = ? AND e.name IN (?) FOR UPDATE`,
      [stack.accountId, stack.region, exports.map((item) => item.name)],
    );
    const conflict = taken.find((row) => row.stack_id !== stack.id);
    if (conflict) return { name: conflict.name, exportingStack: conflict.stack_name };
    const fresh = exports.filter((item) => !taken.some((row) => row.name === item.name));
    // A plain INSERT: if another stack published the same name since the SELECT, the duplicate key fails this
    // transaction and the redelivered outcome then finds the conflict above.
    if (fresh.length > 0) {
      await tx.manager.query(
        'INSERT INTO stack_exports (account_id, region, name, stack_id, value, created_at) VALUES ?',
        [fresh.map((item) => [stack.accountId, stack.region, item.name, stack.id, item.value, new Date()])],
      );
    }
    return null;
  }

  /** The first of the stack's exports another live stack imports, and the importers' names; null when none is. */
  async inUse(tx: Transaction, stack: Stack): Promise<{ name: string; importers: string[] } | null> {
    const rows: Array<{ name: string; importer: string }> = await tx.manager.query(
      `SELECT e.name, s.name AS importer FROM stack_exports e
       JOIN stack_imports i ON i.account_id = e.account_id AND i.region = e.region AND i.export_name = e.name
       JOIN stacks s ON s.id = i.stack_id
       WHERE e.stack_id = ? AND i.stack_id <> e.stack_id AND s.status NOT IN ('DELETE_COMPLETE', 'ROLLBACK_COMPLETE')
       ORDER BY e.name, s.name FOR UPDATE`,
      [stack.id],
    );
    if (rows.length === 0) return null;
    const name = rows[0].name;
    return { name, importers: rows.filter((row) => row.name === name).map((row) => row.importer) };
  }

  /** A deleted (or rolled back) stack exports and imports nothing any more. */
  async release(tx: Transaction, stack: Stack): Promise<void> {
    await tx.manager.query('DELETE FROM stack_imports WHERE stack_id = ?', [stack.id]);
    await tx.manager.query('DELETE FROM stack_exports WHERE stack_id = ?', [stack.id]);
  }
}
