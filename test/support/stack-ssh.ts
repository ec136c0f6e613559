import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deriveStackKeyPair } from '../../libs/ssh/src';

const run = promisify(execFile);

/**
 * `ssh root@<address> <command>` with a stack's own key (derived from the system's master secret, as the
 * configurator derives it); resolves with stdout, rejects on a failed command or after timeoutMs.
 */
export async function sshWithStackKey(
  sshMasterSecret: string, stackId: string, address: string, command: string, timeoutMs = 20_000,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cfn-stack-key-'));
  const keyFile = join(dir, 'id');
  writeFileSync(keyFile, deriveStackKeyPair(sshMasterSecret, stackId).privateKeyOpenSsh, { mode: 0o600 });
  try {
    const { stdout } = await run('ssh', ['-i', keyFile, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no',
      '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'ConnectTimeout=5', `root@${address}`, command],
    { timeout: timeoutMs, encoding: 'utf8' });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
