import { MigrationInterface, QueryRunner } from 'typeorm';

import { assertNotMalformed } from '../secrets/rotate-secrets';
import { SealedColumn, sealedContext } from '../secrets/sealed-columns';
import { holdsSealedValues, holdsUnsealedValues, rewriteColumn, RunQuery } from '../secrets/sealed-rows';
import { DataKeyMissingError, dataSecretBox, SecretBox } from '../secrets/secret-box';

/** The columns this migration seals, with their type before (down) and after (up). Fixed: later columns get their own. */
const COLUMNS: Array<SealedColumn & { sealedType: string; plainType: string }> = [
  {
    table: 'credentials',
    column: 'secret_access_key',
    keys: ['access_key_id'],
    sealedType: 'TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL',
    plainType: 'VARCHAR(256) NOT NULL',
  },
  {
    table: 'stack_requests',
    column: 'parameters',
    keys: ['stack_id'],
    sealedType: 'LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL',
    plainType: 'JSON NOT NULL',
  },
  {
    table: 'stack_template_versions',
    column: 'parameters',
    keys: ['stack_id', 'version'],
    sealedType: 'LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL',
    plainType: 'JSON NOT NULL',
  },
  {
    table: 'change_sets',
    column: 'parameters',
    keys: ['id'],
    sealedType: 'LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL',
    plainType: 'JSON NOT NULL',
  },
  {
    table: 'stacks',
    column: 'parameters',
    keys: ['id'],
    sealedType: 'LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL',
    plainType: 'JSON NOT NULL',
  },
  {
    table: 'stacks',
    column: 'update_state',
    keys: ['id'],
    sealedType: 'LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL',
    plainType: 'JSON NULL',
  },
];

/**
 * Secrets at rest (docs/secrets-at-rest.md): credentials' secret access keys and stack parameter values (NoEcho
 * ones included; stacks.update_state holds the parameters before and after an update) are stored sealed with
 * AES-256-GCM under the data key (CFN_DATA_KEY). The JSON columns become text columns (a sealed value is not JSON)
 * and the rows already there are sealed, batch by batch, with the current data key; down opens them again.
 *
 * It needs the data key only when there are rows to seal (or, down, to open), and then fails before changing
 * anything when none is configured. MySQL commits each ALTER TABLE, so the rows are written one statement at a
 * time: a run stopped half way is simply run again (values already sealed are left as they are).
 */
export class SecretsAtRest1765450000000 implements MigrationInterface {
  name = 'SecretsAtRest1765450000000';

  async up(db: QueryRunner): Promise<void> {
    const query: RunQuery = (sql, parameters) => db.query(sql, parameters);
    const unsealed = [];
    for (const column of COLUMNS) if (await holdsUnsealedValues(query, column)) unsealed.push(sealedContext(column));
    const box = unsealed.length ? keyring(`${unsealed.join(', ')} hold values to seal`) : undefined;
    for (const column of COLUMNS) {
      await db.query(`ALTER TABLE ${column.table} MODIFY ${column.column} ${column.sealedType}`);
    }
    if (!box) return;
    for (const column of COLUMNS) {
      const context = sealedContext(column);
      await rewriteColumn(query, column, (value) => {
        if (SecretBox.isSealed(value)) return undefined;
        assertNotMalformed(value, context);
        return box.seal(value, context);
      });
    }
  }

  async down(db: QueryRunner): Promise<void> {
    const query: RunQuery = (sql, parameters) => db.query(sql, parameters);
    const sealed = [];
    for (const column of COLUMNS) if (await holdsSealedValues(query, column)) sealed.push(sealedContext(column));
    if (sealed.length) {
      const box = keyring(`${sealed.join(', ')} hold sealed values to open`);
      for (const column of COLUMNS) {
        const context = sealedContext(column);
        await rewriteColumn(query, column, (value) =>
          SecretBox.isSealed(value) ? box.open(value, context) : undefined,
        );
      }
    }
    for (const column of COLUMNS) {
      await db.query(`ALTER TABLE ${column.table} MODIFY ${column.column} ${column.plainType}`);
    }
  }
}

function keyring(why: string): SecretBox {
  try {
    return dataSecretBox();
  } catch (error) {
    if (error instanceof DataKeyMissingError) throw new Error(`${why}, and ${error.message}`);
    throw error;
  }
}
