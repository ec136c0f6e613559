import { parseArgs } from 'node:util';

import { createDataSource } from '@cfn/persistence';
import { readServiceEnvironment } from '@cfn/runtime';

import { StackHostStore } from './inventory/stack-host-store';
import { ConfigurationRunStore } from './runs/configuration-run-store';

const USAGE =
  'usage: node dist/apps/configurator/src/configuration-log.cli.js <stack name or id> [logical id] [--json]';

/** Prints the latest configuration of a stack's VMs task by task, with each task's full output (secrets masked). */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length < 1 || positionals.length > 2) throw new Error(USAGE);
  const dataSource = createDataSource(readServiceEnvironment().databaseUrl, { poolSize: 1 });
  await dataSource.initialize();
  try {
    const hosts = await new StackHostStore(dataSource).forStack(positionals[0]);
    const stackId = hosts[0]?.stackId ?? positionals[0];
    const runs = await new ConfigurationRunStore(dataSource).latestResults(stackId, positionals[1]);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return;
    }
    for (const { run, tasks } of runs) {
      console.log(
        `== ${run.logicalId} on ${run.host}: ${run.status}${run.checkMode ? ' (check mode)' : ''} ${JSON.stringify(run.summary ?? {})}`,
      );
      if (run.reason) console.log(`   reason: ${run.reason}`);
      for (const task of tasks) {
        console.log(
          `-- [${task.seq}] ${task.result.toUpperCase()} ${task.taskName} (${task.module})${task.message ? `: ${task.message}` : ''}`,
        );
        if (task.output) console.log(task.output.replace(/^/gm, '   '));
      }
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
