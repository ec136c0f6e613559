import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

import { SqlStatement } from './update-rows-by-key';

/** A row to insert: entity properties, where a function gives an SQL expression instead of a value. */
export type InsertRow<E> = { [P in keyof E]?: E[P] | (() => string) };

/**
 * Inserts many rows of one table with one multi-row INSERT (`INSERT IGNORE` with `ignore`), values prepared as
 * TypeORM prepares them (JSON columns, dates), a function value being an SQL expression, as in TypeORM's builders.
 * Columns a row leaves undefined take their default. It costs a fraction of TypeORM's insert builder, whose
 * parameter bookkeeping grows with the square of the rows in one statement; the caller bounds the number of rows.
 * Nothing is read back (generated keys) and TypeORM's subscribers do not see it.
 */
export async function insertRows<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  rows: InsertRow<E>[],
  options: { ignore?: boolean } = {},
): Promise<{ affectedRows: number }> {
  const statement = insertRowsStatement(manager.connection, entity, rows, options);
  if (!statement) return { affectedRows: 0 };
  const result = (await manager.query(statement.sql, statement.parameters)) as { affectedRows?: number };
  return { affectedRows: result.affectedRows ?? 0 };
}

/** The statement `insertRows` runs; null when there are no rows. */
function insertRowsStatement<E extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<E>,
  rows: InsertRow<E>[],
  options: { ignore?: boolean } = {},
): SqlStatement | null {
  if (rows.length === 0) return null;
  const metadata = dataSource.getMetadata(entity);
  if (metadata.versionColumn || metadata.createDateColumn || metadata.updateDateColumn) {
    // Those TypeORM fills in itself on insert; this statement would leave them to the table's default.
    throw new Error(`${metadata.tableName} has columns TypeORM maintains: insert its rows with TypeORM`);
  }
  const driver = dataSource.driver;
  const properties = [...new Set(rows.flatMap((row) => Object.keys(row).filter((key) => row[key] !== undefined)))];
  const columns = properties.map((property) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${metadata.tableName} has no column for ${property}`);
    return column;
  });
  const parameters: unknown[] = [];
  const tuples = rows.map(
    (row) =>
      `(${columns
        .map((column, index) => {
          const value = row[properties[index]];
          if (value === undefined) return 'DEFAULT';
          if (typeof value === 'function') return (value as () => string)();
          parameters.push(driver.preparePersistentValue(value, column));
          return '?';
        })
        .join(', ')})`,
  );
  const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
  return {
    sql: `INSERT${options.ignore ? ' IGNORE' : ''} INTO ${driver.escape(metadata.tableName)} (${names}) VALUES ${tuples.join(', ')}`,
    parameters,
  };
}
