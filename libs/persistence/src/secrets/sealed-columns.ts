import { ValueTransformer } from 'typeorm';

import { dataSecretBox } from './secret-box';

/** A column whose values are stored sealed (docs/secrets-at-rest.md), with its table's primary key columns. */
export interface SealedColumn {
  table: string;
  column: string;
  keys: string[];
}

/** What a column's values are sealed for (authenticated with them): `table.column`. */
export const sealedContext = (column: Pick<SealedColumn, 'table' | 'column'>): string =>
  `${column.table}.${column.column}`;

/**
 * Every sealed column today: what `npm run rotate-secrets` re-seals. A column added here gets its transformer on
 * the entity and a migration that seals its existing rows (as 1765450000000-secrets-at-rest does).
 */
export const SEALED_COLUMNS: SealedColumn[] = [
  { table: 'credentials', column: 'secret_access_key', keys: ['access_key_id'] },
  { table: 'stack_requests', column: 'parameters', keys: ['stack_id'] },
  { table: 'stack_template_versions', column: 'parameters', keys: ['stack_id', 'version'] },
  { table: 'change_sets', column: 'parameters', keys: ['id'] },
  { table: 'stacks', column: 'parameters', keys: ['id'] },
  { table: 'stacks', column: 'update_state', keys: ['id'] },
  { table: 'ssm_parameters', column: 'value', keys: ['account_id', 'name', 'version'] },
];

/**
 * A string column stored sealed. TypeORM applies it wherever it prepares or hydrates values: repositories, query
 * builders, and `insertRows` / `updateRowsByKey` (both go through the driver's preparePersistentValue).
 */
export function sealedText(context: string): ValueTransformer {
  return {
    to: (value: string | null | undefined) =>
      value === null || value === undefined ? value : dataSecretBox().seal(value, context),
    from: (stored: string | null) =>
      stored === null || stored === undefined ? stored : dataSecretBox().open(stored, context),
  };
}

/** A JSON value stored sealed (a text column holding the sealed JSON text). */
export function sealedJson(context: string): ValueTransformer {
  return {
    to: (value: unknown) =>
      value === null || value === undefined ? value : dataSecretBox().seal(JSON.stringify(value), context),
    from: (stored: string | null) =>
      stored === null || stored === undefined ? stored : JSON.parse(dataSecretBox().open(stored, context)),
  };
}
