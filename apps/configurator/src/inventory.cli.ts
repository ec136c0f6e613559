import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { createDataSource } from '@cfn/persistence';
import { readServiceEnvironment } from '@cfn/runtime';
import { deriveStackKeyPair, knownHostsLine } from '@cfn/ssh';

import { renderInventory } from './inventory/ansible-inventory';
import { StackHostStore } from './inventory/stack-host-store';
import { MysqlHostKeyStore } from './runs/mysql-host-key-store';

const USAGE = `usage: node dist/apps/configurator/src/inventory.cli.js <stack name or id> [options]
  --format yaml|ini          inventory format (default yaml)
  --key-file PATH            write the stack's SSH private key there (needs CFN_SSH_MASTER_SECRET) and use it
  --known-hosts-file PATH    write the recorded host keys there and check them strictly
  --out PATH                 write the inventory to a file instead of standard output`;

/** Prints an Ansible inventory of a stack's hosts, as the configurator last saw them (DATABASE_URL). */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'key-file': { type: 'string' },
      'known-hosts-file': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const format = values.format ?? 'yaml';
  if (positionals.length !== 1 || (format !== 'yaml' && format !== 'ini')) throw new Error(USAGE);
  const dataSource = createDataSource(readServiceEnvironment().databaseUrl, { poolSize: 1 });
  await dataSource.initialize();
  try {
    const hosts = await new StackHostStore(dataSource).forStack(positionals[0]);
    if (hosts.length === 0) throw new Error(`no configured hosts are known for stack "${positionals[0]}"`);
    const stackId = hosts[0].stackId;
    if (values['key-file']) {
      const secret = process.env.CFN_SSH_MASTER_SECRET;
      if (!secret) throw new Error('--key-file needs CFN_SSH_MASTER_SECRET');
      writeFileSync(values['key-file'], deriveStackKeyPair(secret, stackId).privateKeyOpenSsh, { mode: 0o600 });
    }
    if (values['known-hosts-file']) {
      const keys = await new MysqlHostKeyStore(dataSource).forStack(stackId);
      writeFileSync(
        values['known-hosts-file'],
        keys.map((key) => `${knownHostsLine(key.address, key.port, key)}\n`).join(''),
      );
    }
    const inventory = renderInventory(hosts, {
      format,
      privateKeyFile: values['key-file'],
      knownHostsFile: values['known-hosts-file'],
    });
    if (values.out) writeFileSync(values.out, inventory);
    else process.stdout.write(inventory);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
