import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { deriveStackKeyPair } from '../../libs/ssh/src';
import { sshRun } from './guest-ssh';

/**
 * `ssh root@<address> <command>` with a stack's own key (derived from the system's master secret, as the
 * configurator derives it); resolves with stdout, rejects on a failed command or after timeoutMs.
 */
export async function sshWithStackKey(
  sshMasterSecret: string,
  stackId: string,
  address: string,
  command: string,
  timeoutMs = 20_000,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-stack-key-'));
  const privateKeyFile = join(dir, 'id');
  writeFileSync(privateKeyFile, deriveStackKeyPair(sshMasterSecret, stackId).privateKeyOpenSsh, { mode: 0o600 });
  try {
    return await sshRun(address, { privateKeyFile }, command, timeoutMs, 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
