import { SealedColumn } from './sealed-columns';

/** Runs one SQL statement (a DataSource's, an EntityManager's or a QueryRunner's `query`). */
export type RunQuery = (sql: string, parameters?: unknown[]) => Promise<any>;

export interface RewriteOptions {
  /** Rows read per batch (default 500). */
  batchSize?: number;
  /** Compute, count, but write nothing. */
  dryRun?: boolean;
}

interface WalkOptions extends RewriteOptions {
  /** Called with the value read for a row that changed before it could be written (it is left as it is). */
  onRaced?: (value: string) => void;
}

/**
 * Walks one column of a table batch by batch, in primary key order, and writes back each non-NULL value that
 * `rewrite` changes (it returns undefined to leave a value as it is). Each row is written only if the column
 * still holds the value read (compare-and-set), so a service writing the row meanwhile is never overwritten:
 * such rows are counted as `raced`. Statements run one by one (no transaction spans the walk), so a walk stopped
 * half way can be started again. An error from `rewrite` names the row (by its key, never its value).
 */
export async function rewriteColumn(
  query: RunQuery,
  column: SealedColumn,
  rewrite: (value: string) => string | undefined,
  options: WalkOptions = {},
): Promise<{ rewritten: number; raced: number }> {
  const batchSize = options.batchSize ?? 500;
  const keys = column.keys.map(quote).join(', ');
  const name = quote(column.column);
  const table = quote(column.table);
  const keyMatch = column.keys.map((key) => `${quote(key)} = ?`).join(' AND ');
  let cursor: unknown[] | null = null;
  let rewritten = 0;
  let raced = 0;
  for (;;) {
    const after = cursor ? `WHERE (${keys}) > (${cursor.map(() => '?').join(', ')})` : '';
    const rows: Array<Record<string, unknown>> = await query(
      `SELECT ${keys}, ${name} AS sealed_value FROM ${table} ${after} ORDER BY ${keys} LIMIT ${Number(batchSize)}`,
      cursor ?? [],
    );
    for (const row of rows) {
      const stored = row.sealed_value;
      if (stored === null || stored === undefined) continue;
      const value = Buffer.isBuffer(stored) ? stored.toString('utf8') : String(stored);
      const keyValues = column.keys.map((key) => row[key]);
      let next: string | undefined;
      try {
        next = rewrite(value);
      } catch (error) {
        const where = column.keys.map((key, index) => `${key}=${String(keyValues[index])}`).join(', ');
        throw Object.assign(error as Error, { message: `${column.table} row ${where}: ${(error as Error).message}` });
      }
      if (next === undefined || next === value) continue;
      if (options.dryRun) {
        rewritten++;
        continue;
      }
      const result = await query(`UPDATE ${table} SET ${name} = ? WHERE ${keyMatch} AND ${name} = ?`, [
        next,
        ...keyValues,
        value,
      ]);
      if (affectedRows(result) > 0) rewritten++;
      else {
        raced++;
        options.onRaced?.(value);
      }
    }
    if (rows.length < batchSize) return { rewritten, raced };
    cursor = column.keys.map((key) => rows[rows.length - 1][key]);
  }
}

/** Whether the column holds a non-NULL value that does not look sealed (a row stored before values were sealed). */
export async function holdsUnsealedValues(query: RunQuery, column: SealedColumn): Promise<boolean> {
  const rows = await query(
    `SELECT 1 AS found FROM ${quote(column.table)} WHERE ${quote(column.column)} IS NOT NULL
       AND CAST(${quote(column.column)} AS CHAR) NOT LIKE 'enc:v1:%' LIMIT 1`,
  );
  return rows.length > 0;
}

/** Whether the column holds a value that looks sealed. */
export async function holdsSealedValues(query: RunQuery, column: SealedColumn): Promise<boolean> {
  const rows = await query(
    `SELECT 1 AS found FROM ${quote(column.table)} WHERE CAST(${quote(column.column)} AS CHAR) LIKE 'enc:v1:%' LIMIT 1`,
  );
  return rows.length > 0;
}

function quote(identifier: string): string {
  return `\`${identifier.replace(/`/g, '``')}\``;
}

function affectedRows(result: unknown): number {
  // TypeORM's mysql driver answers a raw UPDATE with the driver's result header; a QueryRunner may wrap it.
  const header = (
    result && typeof result === 'object' && 'raw' in result ? (result as { raw: unknown }).raw : result
  ) as { affectedRows?: number } | undefined;
  return header?.affectedRows ?? 0;
}
