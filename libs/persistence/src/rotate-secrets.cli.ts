import { readServiceEnvironment } from '@cfn/runtime';

import { createDataSource } from './data-source';
import { rotateSecrets } from './secrets/rotate-secrets';
import { SecretBox } from './secrets/secret-box';

/**
 * `npm run rotate-secrets [-- --dry-run] [-- --batch-size=500]`: re-seals every sealed value (credentials' secrets,
 * stack parameters) that is not sealed with the current data key (CFN_DATA_KEY), opening it with the keys of
 * CFN_DATA_KEYS_PREVIOUS, batch by batch. Idempotent; safe while the services run. When it reports no value left
 * under another key, the previous keys can be removed (docs/secrets-at-rest.md). Exit status: 0 done (or, dry run,
 * nothing to do), 1 failed, 2 rows changed while read (run again), 3 dry run with values to re-seal.
 */
async function main() {
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const batchArg = args.find((arg) => arg.startsWith('--batch-size='));
  const batchSize = batchArg ? Number(batchArg.slice('--batch-size='.length)) : 500;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`--batch-size must be a positive integer, got ${batchArg}`);
  const unknown = args.filter((arg) => arg !== '--dry-run' && arg !== batchArg);
  if (unknown.length) throw new Error(`unknown arguments: ${unknown.join(' ')} (use --dry-run, --batch-size=N)`);

  const box = SecretBox.fromEnvironment();
  console.log(`current data key ${box.currentKeyId}; previous keys: ${box.previousKeyIds.join(', ') || 'none'}`);
  const dataSource = createDataSource(readServiceEnvironment().databaseUrl, { poolSize: 1 });
  await dataSource.initialize();
  try {
    if (await dataSource.showMigrations())
      throw new Error('the database has migrations pending: run `npm run migrate` first');
    const report = await rotateSecrets((sql, parameters) => dataSource.query(sql, parameters), box, {
      batchSize,
      dryRun,
    });
    const verb = dryRun ? 'would re-seal' : 're-sealed';
    for (const column of report) {
      console.log(
        `${column.column}: ${verb} ${column.resealed}, ${dryRun ? 'would seal' : 'sealed'} ${column.sealedPlain} unsealed, ` +
          `${column.current} already under ${box.currentKeyId}${column.raced ? `, ${column.raced} changed meanwhile (run again)` : ''}`,
      );
    }
    const pending = report.reduce((sum, column) => sum + column.resealed + column.sealedPlain, 0);
    const raced = report.reduce((sum, column) => sum + column.raced, 0);
    if (raced > 0) {
      console.log(`${raced} values changed while they were read: run again`);
      process.exitCode = 2;
    } else if (dryRun && pending > 0) {
      console.log(`${pending} values are not yet under data key ${box.currentKeyId}`);
      process.exitCode = 3;
    } else {
      console.log(`every sealed value is under data key ${box.currentKeyId}: the previous keys may be removed`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(`rotate-secrets failed: ${error.message}`);
  process.exit(1);
});
