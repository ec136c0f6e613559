import { retryUntil } from '@cfn/runtime';

import { createDataSource } from './data-source';
import { ensureDatabase } from './ensure-database';

/** Creates the database if needed and applies every pending migration. Returns the names applied. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  await retryUntil('MySQL', () => ensureDatabase(databaseUrl), { deadlineMs: 120_000 });
  const dataSource = createDataSource(databaseUrl, { poolSize: 2 });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
