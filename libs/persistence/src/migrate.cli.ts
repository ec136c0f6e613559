import { readServiceEnvironment } from '@cfn/runtime';

import { migrate } from './migrate';

/** `npm run migrate`: bring the database named by DATABASE_URL up to date. */
async function main() {
  const { databaseUrl } = readServiceEnvironment();
  const applied = await migrate(databaseUrl);
  console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');
}

main().catch((error) => {
  console.error(`migration failed: ${error.message}`);
  process.exit(1);
});
