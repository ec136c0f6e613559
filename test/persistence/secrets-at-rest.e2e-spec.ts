import { randomBytes, randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';

import {
  ChangeSet,
  createDataSource,
  Credential,
  ensureDatabase,
  insertRows,
  migrate,
  rotateSecrets,
  SEALED_COLUMNS,
  SealedValueError,
  SecretBox,
  Stack,
  StackRequest,
  StackTemplateVersion,
  UnknownDataKeyError,
  updateRowsByKey,
  useDataSecretBox,
} from '../../libs/persistence/src';
import { MIGRATIONS } from '../../libs/persistence/src/migrations';
import { SecretsAtRest1765450000000 } from '../../libs/persistence/src/migrations/1765450000000-secrets-at-rest';
import { readServiceEnvironment } from '../../libs/runtime/src';
import { dropDatabase } from '../support/scratch-resources';

const KEY_A = `key-a-${randomBytes(16).toString('hex')}`;
const KEY_B = `key-b-${randomBytes(16).toString('hex')}`;
const ACCOUNT = '123456789012';
const NO_KEY_ENV = ['CFN_DATA_KEY', 'CFN_KEY_ENCRYPTION_SECRET', 'CFN_DATA_KEYS_PREVIOUS'];

/** The plain values stored before the migration; none may be seen in a raw column after it. */
const PLAIN = {
  secret: 'wJalrXUtnFEMI-plain-secret-access-key',
  dbPassword: 'Pl4in-Db-Passw0rd-NoEcho',
  updatePassword: 'Upd4te-Passw0rd-NoEcho',
  changeSetPassword: 'Ch4ngeSet-Passw0rd',
  versionPassword: 'Vers10n-Passw0rd',
};

function scratchUrl(name: string): string {
  return readServiceEnvironment().databaseUrl.replace(/\/[^/]*$/, `/cfn_${name}_${randomBytes(4).toString('hex')}`);
}

/** A database migrated up to (not including) the secrets-at-rest migration. */
async function migratedBeforeSecretsAtRest(databaseUrl: string): Promise<void> {
  await ensureDatabase(databaseUrl);
  const base = createDataSource(databaseUrl, { poolSize: 1 });
  const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(SecretsAtRest1765450000000));
  const early = await new DataSource({ ...base.options, migrations: before } as typeof base.options).initialize();
  try {
    await early.runMigrations({ transaction: 'each' });
  } finally {
    await early.destroy();
  }
}

/** Rows as the service stored them before secrets at rest: every secret and parameter value in plain text. */
async function insertPlainRows(databaseUrl: string, ids: { stack: string; changeSet: string }): Promise<void> {
  const db = await createDataSource(databaseUrl, { poolSize: 1 }).initialize();
  try {
    await db.query('INSERT INTO accounts (id, name) VALUES (?, ?)', [ACCOUNT, 'default']);
    await db.query(
      'INSERT INTO credentials (access_key_id, secret_access_key, account_id, is_admin) VALUES (?, ?, ?, 1)',
      ['AKIDPLAIN', PLAIN.secret, ACCOUNT],
    );
    const parameters = JSON.stringify([
      { key: 'DbPassword', value: PLAIN.dbPassword },
      { key: 'Size', value: 'small' },
    ]);
    await db.query(
      `INSERT INTO stack_requests (stack_id, stack_arn, stack_name, name_lock, account_id, region, template_body,
        parameters, tags, capabilities, created_at) VALUES (?, ?, 'plain', 'plain', ?, 'zone-1', '{}', ?, '[]', '[]', NOW(3))`,
      [ids.stack, `arn:aws:cloudformation:zone-1:${ACCOUNT}:stack/plain/${ids.stack}`, ACCOUNT, parameters],
    );
    const updateState = {
      version: 1,
      disableRollback: false,
      previous: {
        template: {},
        parameters: { DbPassword: PLAIN.dbPassword },
        noEchoParameters: ['DbPassword'],
        availabilityZones: null,
        tags: [],
        outputs: null,
        templateVersion: 0,
        templateHash: null,
      },
      target: { template: {}, parameters: { DbPassword: PLAIN.updatePassword } },
    };
    await db.query(
      `INSERT INTO stacks (id, arn, name, account_id, region, status, template, parameters, no_echo_parameters, tags,
        created_at, updated_at, version, update_state) VALUES (?, ?, 'plain', ?, 'zone-1', 'UPDATE_IN_PROGRESS', '{}', ?, '["DbPassword"]',
        '[]', NOW(3), NOW(3), 1, ?)`,
      [
        ids.stack,
        `arn:aws:cloudformation:zone-1:${ACCOUNT}:stack/plain/${ids.stack}`,
        ACCOUNT,
        JSON.stringify({ DbPassword: PLAIN.dbPassword, Size: 'small' }),
        JSON.stringify(updateState),
      ],
    );
    for (const version of [1, 2, 3]) {
      await db.query(
        `INSERT INTO stack_template_versions (stack_id, version, template_body, parameters, tags, created_at)
          VALUES (?, ?, '{}', ?, '[]', NOW(3))`,
        [ids.stack, version, JSON.stringify([{ key: 'DbPassword', value: `${PLAIN.versionPassword}-${version}` }])],
      );
    }
    await db.query(
      `INSERT INTO change_sets (id, arn, name, stack_id, account_id, change_set_type, status, execution_status,
        template_body, parameters, tags, capabilities, changes, created_at)
        VALUES (?, 'arn:cs', 'cs', ?, ?, 'UPDATE', 'CREATE_COMPLETE', 'AVAILABLE', '{}', ?, '[]', '[]', '[]', NOW(3))`,
      [ids.changeSet, ids.stack, ACCOUNT, JSON.stringify([{ key: 'DbPassword', value: PLAIN.changeSetPassword }])],
    );
  } finally {
    await db.destroy();
  }
}

/** Every non-NULL raw value of every sealed column. */
async function rawSealedValues(dataSource: DataSource): Promise<Array<{ column: string; value: string }>> {
  const values: Array<{ column: string; value: string }> = [];
  for (const { table, column } of SEALED_COLUMNS) {
    const rows: Array<{ value: string | null }> = await dataSource.query(`SELECT ${column} AS value FROM ${table}`);
    for (const row of rows)
      if (row.value !== null) values.push({ column: `${table}.${column}`, value: String(row.value) });
  }
  return values;
}

/**
 * Secrets at rest against real MySQL/MariaDB: the migration seals the rows stored before it (and changes the JSON
 * columns to text), TypeORM seals what it writes (repositories, query builders, insertRows, updateRowsByKey) and
 * opens what it reads, and `rotate-secrets` re-seals everything under a new key.
 */
describe('secrets at rest', () => {
  const boxA = new SecretBox(KEY_A);
  const ids = { stack: randomUUID(), changeSet: randomUUID() };
  const databaseUrl = scratchUrl('secrets');
  let dataSource: DataSource;
  let savedEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    savedEnv = { ...process.env };
    useDataSecretBox(boxA);
    await migratedBeforeSecretsAtRest(databaseUrl);
    await insertPlainRows(databaseUrl, ids);
    await migrate(databaseUrl);
    dataSource = await createDataSource(databaseUrl, { poolSize: 2 }).initialize();
  });

  afterAll(async () => {
    process.env = savedEnv;
    useDataSecretBox(undefined);
    await dataSource?.destroy();
    await dropDatabase(databaseUrl);
  });

  it('gives every sealed column a transformer on its entity', () => {
    for (const { table, column } of SEALED_COLUMNS) {
      const metadata = dataSource.entityMetadatas.find((entity) => entity.tableName === table);
      const entityColumn = metadata?.columns.find((candidate) => candidate.databaseName === column);
      expect({ column: `${table}.${column}`, transformer: Boolean(entityColumn?.transformer) }).toEqual({
        column: `${table}.${column}`,
        transformer: true,
      });
    }
  });

  it('leaves no plain secret or parameter value in the raw columns after the migration', async () => {
    const values = await rawSealedValues(dataSource);
    // 1 credential, 1 stack request, 3 template versions, 1 change set, stacks.parameters and stacks.update_state.
    expect(values).toHaveLength(8);
    for (const { value } of values) {
      expect(value).toMatch(new RegExp(`^enc:v1:${boxA.currentKeyId}:`));
      for (const plain of Object.values(PLAIN)) expect(value).not.toContain(plain);
    }
    const [{ type }] = await dataSource.query(`SELECT DATA_TYPE AS type FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'stacks' AND COLUMN_NAME = 'parameters'`);
    expect(type).toBe('longtext');
  });

  it('reads the migrated rows back through the entities as they were', async () => {
    expect(
      (await dataSource.getRepository(Credential).findOneByOrFail({ accessKeyId: 'AKIDPLAIN' })).secretAccessKey,
    ).toBe(PLAIN.secret);
    const request = await dataSource.getRepository(StackRequest).findOneByOrFail({ stackId: ids.stack });
    expect(request.parameters).toEqual([
      { key: 'DbPassword', value: PLAIN.dbPassword },
      { key: 'Size', value: 'small' },
    ]);
    const stack = await dataSource.getRepository(Stack).findOneByOrFail({ id: ids.stack });
    expect(stack.parameters).toEqual({ DbPassword: PLAIN.dbPassword, Size: 'small' });
    expect(stack.updateState?.target.parameters).toEqual({ DbPassword: PLAIN.updatePassword });
    expect(stack.updateState?.previous.parameters).toEqual({ DbPassword: PLAIN.dbPassword });
    const versions = await dataSource
      .getRepository(StackTemplateVersion)
      .find({ where: { stackId: ids.stack }, order: { version: 'ASC' } });
    expect(versions.map((version) => version.parameters[0].value)).toEqual(
      [1, 2, 3].map((v) => `${PLAIN.versionPassword}-${v}`),
    );
    const changeSet = await dataSource.getRepository(ChangeSet).findOneByOrFail({ id: ids.changeSet });
    expect(changeSet.parameters).toEqual([{ key: 'DbPassword', value: PLAIN.changeSetPassword }]);
  });

  it('seals what TypeORM writes: query builder upsert, insert, update, insertRows and updateRowsByKey', async () => {
    const stackId = randomUUID();
    await dataSource
      .createQueryBuilder()
      .insert()
      .into(Credential)
      .values({
        accessKeyId: 'AKIDNEW',
        secretAccessKey: 'new-secret-through-upsert',
        accountId: ACCOUNT,
        isAdmin: false,
      })
      .orUpdate(['secret_access_key'], ['access_key_id'])
      .execute();
    await insertRows(dataSource.manager, StackRequest, [
      {
        stackId,
        stackArn: `arn:${stackId}`,
        stackName: 'fresh',
        nameLock: 'fresh',
        accountId: ACCOUNT,
        region: 'zone-1',
        templateBody: '{}',
        parameters: [{ key: 'Token', value: 'token-through-insert-rows' }],
        tags: [],
        capabilities: [],
        createdAt: new Date(),
        deleteRequestedAt: null,
        clientRequestToken: null,
      },
    ]);
    await dataSource.manager.update(
      Stack,
      { id: ids.stack },
      { parameters: { DbPassword: 'password-through-update' } },
    );
    await updateRowsByKey(
      dataSource.manager,
      ChangeSet,
      'id',
      new Map([[ids.changeSet, { parameters: [{ key: 'K', value: 'through-update-rows' }] }]]),
    );

    const raw = JSON.stringify(await rawSealedValues(dataSource));
    for (const plain of [
      'new-secret-through-upsert',
      'token-through-insert-rows',
      'password-through-update',
      'through-update-rows',
    ]) {
      expect(raw).not.toContain(plain);
    }
    for (const { value } of await rawSealedValues(dataSource)) expect(SecretBox.isSealed(value)).toBe(true);
    expect(
      (await dataSource.getRepository(Credential).findOneByOrFail({ accessKeyId: 'AKIDNEW' })).secretAccessKey,
    ).toBe('new-secret-through-upsert');
    expect((await dataSource.getRepository(StackRequest).findOneByOrFail({ stackId })).parameters).toEqual([
      { key: 'Token', value: 'token-through-insert-rows' },
    ]);
    expect((await dataSource.getRepository(Stack).findOneByOrFail({ id: ids.stack })).parameters).toEqual({
      DbPassword: 'password-through-update',
    });
    expect((await dataSource.getRepository(ChangeSet).findOneByOrFail({ id: ids.changeSet })).parameters).toEqual([
      { key: 'K', value: 'through-update-rows' },
    ]);
  });

  it('refuses a plain value written around TypeORM and a sealed value moved to another column', async () => {
    await dataSource.query(
      "UPDATE credentials SET secret_access_key = 'planted-plain-secret' WHERE access_key_id = 'AKIDPLAIN'",
    );
    await expect(dataSource.getRepository(Credential).findOneBy({ accessKeyId: 'AKIDPLAIN' })).rejects.toThrow(
      SealedValueError,
    );
    await dataSource.query(
      `UPDATE credentials SET secret_access_key =
      (SELECT parameters FROM stack_requests WHERE stack_id = ?) WHERE access_key_id = 'AKIDNEW'`,
      [ids.stack],
    );
    await expect(dataSource.getRepository(Credential).findOneBy({ accessKeyId: 'AKIDNEW' })).rejects.toThrow(
      /does not authenticate/,
    );
    // Put them back as the service would write them.
    await dataSource.getRepository(Credential).update({ accessKeyId: 'AKIDPLAIN' }, { secretAccessKey: PLAIN.secret });
    await dataSource
      .getRepository(Credential)
      .update({ accessKeyId: 'AKIDNEW' }, { secretAccessKey: 'new-secret-through-upsert' });
  });

  it('rotates: rotate-secrets re-seals every value under the new key, batch by batch, and the old key can go', async () => {
    const boxB = new SecretBox(KEY_B, [KEY_A]);
    useDataSecretBox(boxB);
    // A value planted in plain text is sealed too.
    await dataSource.query(
      "UPDATE credentials SET secret_access_key = 'planted-plain-secret' WHERE access_key_id = 'AKIDPLAIN'",
    );
    const query = (sql: string, parameters?: unknown[]) => dataSource.query(sql, parameters);
    const dryRun = await rotateSecrets(query, boxB, { batchSize: 2, dryRun: true });
    expect(dryRun.reduce((sum, column) => sum + column.resealed + column.sealedPlain, 0)).toBe(10);
    expect((await rawSealedValues(dataSource)).filter(({ value }) => boxB.isCurrent(value))).toHaveLength(0);

    const report = await rotateSecrets(query, boxB, { batchSize: 2 });
    expect(report).toEqual(
      expect.arrayContaining([
        { column: 'credentials.secret_access_key', resealed: 1, sealedPlain: 1, current: 0, raced: 0 },
        { column: 'stack_template_versions.parameters', resealed: 3, sealedPlain: 0, current: 0, raced: 0 },
        { column: 'stacks.update_state', resealed: 1, sealedPlain: 0, current: 0, raced: 0 },
      ]),
    );
    const values = await rawSealedValues(dataSource);
    expect(values).toHaveLength(10);
    for (const { value } of values) expect(SecretBox.keyIdOf(value)).toBe(boxB.currentKeyId);

    // Idempotent: nothing left to do.
    const again = await rotateSecrets(query, boxB, { batchSize: 3 });
    for (const column of again) expect(column.resealed + column.sealedPlain + column.raced).toBe(0);

    // The old key dropped: everything still opens.
    useDataSecretBox(new SecretBox(KEY_B));
    expect(
      (await dataSource.getRepository(Credential).findOneByOrFail({ accessKeyId: 'AKIDPLAIN' })).secretAccessKey,
    ).toBe('planted-plain-secret');
    expect(
      (await dataSource.getRepository(Stack).findOneByOrFail({ id: ids.stack })).updateState?.target.parameters,
    ).toEqual({ DbPassword: PLAIN.updatePassword });
    expect(
      (await dataSource.getRepository(StackTemplateVersion).findBy({ stackId: ids.stack }))
        .map((v) => v.parameters[0].value)
        .sort(),
    ).toEqual([1, 2, 3].map((v) => `${PLAIN.versionPassword}-${v}`));

    // Only the old key: the values fail loudly, naming the key they need, rather than coming back as ciphertext.
    useDataSecretBox(boxA);
    const refused = dataSource.getRepository(Stack).findOneBy({ id: ids.stack });
    await expect(refused).rejects.toThrow(UnknownDataKeyError);
    await expect(refused).rejects.toThrow(new RegExp(`data key ${boxB.currentKeyId}`));
    useDataSecretBox(new SecretBox(KEY_B));
  });

  it('migrates down to plain JSON columns, and up again', async () => {
    const migration = new SecretsAtRest1765450000000();
    const runner = dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      const [row] = await dataSource.query('SELECT parameters, update_state FROM stacks WHERE id = ?', [ids.stack]);
      const parameters = typeof row.parameters === 'string' ? JSON.parse(row.parameters) : row.parameters;
      expect(parameters).toEqual({ DbPassword: 'password-through-update' });
      const [credential] = await dataSource.query(
        "SELECT secret_access_key FROM credentials WHERE access_key_id = 'AKIDPLAIN'",
      );
      expect(credential.secret_access_key).toBe('planted-plain-secret');
      await expect(
        dataSource.query("UPDATE stacks SET parameters = 'not json' WHERE id = ?", [ids.stack]),
      ).rejects.toThrow();
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    for (const { value } of await rawSealedValues(dataSource))
      expect(SecretBox.keyIdOf(value)).toBe(new SecretBox(KEY_B).currentKeyId);
    expect((await dataSource.getRepository(Stack).findOneByOrFail({ id: ids.stack })).parameters).toEqual({
      DbPassword: 'password-through-update',
    });
  });

  it('refuses to migrate plain rows without a data key, before changing anything', async () => {
    const url = scratchUrl('secrets_nokey');
    try {
      await migratedBeforeSecretsAtRest(url);
      await insertPlainRows(url, { stack: randomUUID(), changeSet: randomUUID() });
      for (const name of NO_KEY_ENV) delete process.env[name];
      useDataSecretBox(undefined);
      await expect(migrate(url)).rejects.toThrow(
        /credentials\.secret_access_key, .*hold values to seal, and CFN_DATA_KEY is not set/,
      );
      const check = await createDataSource(url, { poolSize: 1 }).initialize();
      try {
        const [{ type }] = await check.query(`SELECT DATA_TYPE AS type FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'stacks' AND COLUMN_NAME = 'parameters'`);
        expect(['json', 'longtext']).toContain(type);
        const [{ value }] = await check.query('SELECT CAST(parameters AS CHAR) AS value FROM stacks');
        expect(value).toContain(PLAIN.dbPassword);
        // With the key in the environment, the same migration goes through.
        process.env.CFN_DATA_KEY = KEY_A;
        await migrate(url);
        const [{ sealed }] = await check.query('SELECT parameters AS sealed FROM stacks');
        expect(SecretBox.keyIdOf(sealed)).toBe(boxA.currentKeyId);
      } finally {
        await check.destroy();
      }
    } finally {
      process.env = { ...savedEnv };
      useDataSecretBox(new SecretBox(KEY_B));
      await dropDatabase(url);
    }
  });

  it('migrates an empty database without a data key', async () => {
    const url = scratchUrl('secrets_empty');
    try {
      for (const name of NO_KEY_ENV) delete process.env[name];
      useDataSecretBox(undefined);
      await expect(migrate(url)).resolves.toContain('SecretsAtRest1765450000000');
    } finally {
      process.env = { ...savedEnv };
      useDataSecretBox(new SecretBox(KEY_B));
      await dropDatabase(url);
    }
  });
});
