import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** One SQL statement and its parameters. */
export interface SqlStatement {
  sql: string;
  parameters: unknown[];
}

/**
 * Writes different changes to many rows of one table with one UPDATE: each column takes, row by row, the value the
 * row's changes give it (`CASE key WHEN ? THEN ? ... ELSE column END`), or plainly the value all of them give it. As
 * in TypeORM's `update`, an undefined value leaves the column as it is; values are prepared as TypeORM prepares
 * them (JSON columns, dates). The caller bounds the number of rows (the statement's size).
 *
 * It is raw SQL: TypeORM's subscribers do not see it.
 */
export async function updateRowsByKey<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  keyProperty: keyof E & string,
  changesByKey: Map<unknown, Partial<E>>,
): Promise<void> {
  const statement = updateRowsByKeyStatement(manager.connection, entity, keyProperty, changesByKey);
  if (statement) await manager.query(statement.sql, statement.parameters);
}

/** The statement `updateRowsByKey` runs, for a caller that sends it itself; null when there is nothing to change. */
export function updateRowsByKeyStatement<E extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<E>,
  keyProperty: keyof E & string,
  changesByKey: Map<unknown, Partial<E>>,
): SqlStatement | null {
  const metadata = dataSource.getMetadata(entity);
  const driver = dataSource.driver;
  const keyColumn = metadata.findColumnWithPropertyName(keyProperty);
  if (!keyColumn) throw new Error(`${metadata.tableName} has no column for ${keyProperty}`);
  const key = driver.escape(keyColumn.databaseName);
  const properties = [...new Set([...changesByKey.values()].flatMap((changes) => Object.keys(changes)))];
  const assignments: string[] = [];
  const parameters: unknown[] = [];
  for (const property of properties) {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.tableName} has no column for ${property}`);
    const name = driver.escape(column.databaseName);
    const rows = [...changesByKey].filter(([, changes]) => changes[property] !== undefined);
    if (rows.length === 0) continue;
    const first = rows[0][1][property];
    if (rows.length === changesByKey.size && rows.every(([, changes]) => changes[property] === first)) {
      assignments.push(`${name} = ?`);
      parameters.push(driver.preparePersistentValue(first, column));
      continue;
    }
    assignments.push(`${name} = CASE ${key} ${rows.map(() => 'WHEN ? THEN ?').join(' ')} ELSE ${name} END`);
    for (const [rowKey, changes] of rows)
      parameters.push(rowKey, driver.preparePersistentValue(changes[property], column));
  }
  if (assignments.length === 0) return null;
  const keys = [...changesByKey.keys()];
  return {
    sql: `UPDATE ${driver.escape(metadata.tableName)} SET ${assignments.join(', ')} WHERE ${key} IN (${keys.map(() => '?').join(', ')})`,
    parameters: [...parameters, ...keys],
  };
}
