import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import { createDataSource, migrate, SecretBox, useDataSecretBox } from '../../libs/persistence/src';
import { readServiceEnvironment } from '../../libs/runtime/src';
import { dropDatabase } from './scratch-resources';

/** A suite's own database on the test server, migrated, with a DataSource open on it. */
export interface ScratchDatabase {
  databaseUrl: string;
  dataSource: DataSource;
  /** Closes the DataSource and drops the database. */
  drop(): Promise<void>;
}

/** Creates `cfn_<name>_<random>` next to DATABASE_URL's database and migrates it. */
export async function scratchDatabase(name: string, options: { poolSize?: number } = {}): Promise<ScratchDatabase> {
  // Suites run the api's and the planner's code in this process, which seal columns (docs/secrets-at-rest.md).
  if (!SecretBox.configuredIn()) useDataSecretBox(new SecretBox(`scratch-data-key-${randomBytes(16).toString('hex')}`));
  const databaseUrl = readServiceEnvironment().databaseUrl.replace(
    /\/[^/]*$/,
    `/cfn_${name}_${randomBytes(4).toString('hex')}`,
  );
  await migrate(databaseUrl);
  const dataSource = await createDataSource(databaseUrl, { poolSize: options.poolSize ?? 2 }).initialize();
  return {
    databaseUrl,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await dropDatabase(databaseUrl);
    },
  };
}
