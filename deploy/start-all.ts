import { join } from 'node:path';

import { migrate, SecretBox, useDataSecretBox } from '@cfn/persistence';
import { readServiceEnvironment } from '@cfn/runtime';

import { DEVELOPMENT_DEFAULTS } from './development-defaults';
import { SERVICE_APPS, spawnService, stopServices } from './service-processes';

/**
 * `npm run start:all`: migrates the database, then runs every app and the CloudStack simulator as separate
 * processes with their logs prefixed by app name. SIGINT/SIGTERM stop them all.
 * Keys not given in the environment get the development defaults (deploy/development-defaults.ts).
 */
async function main() {
  const env: NodeJS.ProcessEnv = { ...DEVELOPMENT_DEFAULTS, ...process.env };
  const distRoot = join(__dirname, '..');
  const { databaseUrl } = readServiceEnvironment(env);
  // The migration seals stored secrets with the data key the services get (docs/secrets-at-rest.md).
  useDataSecretBox(SecretBox.fromEnvironment(env));
  const applied = await migrate(databaseUrl);
  console.log(`[start-all] database ready${applied.length ? ` (applied ${applied.join(', ')})` : ''}`);
  const children = SERVICE_APPS.map((app) => spawnService(app, distRoot, env, (line) => console.log(line)));
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[start-all] ${reason}: stopping every service`);
    await stopServices(children);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  for (const [index, child] of children.entries()) {
    child.on('exit', (code, signal) => {
      if (!stopping) console.log(`[start-all] ${SERVICE_APPS[index]} exited (${signal ?? code})`);
    });
  }
}

main().catch((error) => {
  console.error(`[start-all] ${error.message}`);
  process.exit(1);
});
