import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throw-away ed25519 key pair on disk, for logging in to simulator VMs as root with the system's ssh. */
export interface GuestKey {
  privateKeyFile: string;
  publicKey: string;
  dispose(): Promise<void>;
}

export async function createGuestKey(): Promise<GuestKey> {
  const dir = await mkdtemp(join(tmpdir(), 'cfn-guest-key-'));
  const privateKeyFile = join(dir, 'id_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'cfn-test', '-f', privateKeyFile]);
  return {
    privateKeyFile,
    publicKey: (await readFile(`${privateKeyFile}.pub`, 'utf8')).trim(),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * `ssh root@<address> <command>` with the key; resolves with stdout, rejects on failure or after timeoutMs. The
 * connect timeout is short for callers that retry (sshWhenReady), longer for one-shot callers.
 */
export async function sshRun(
  address: string,
  key: Pick<GuestKey, 'privateKeyFile'>,
  command: string,
  timeoutMs = 15_000,
  connectTimeoutSeconds = 2,
): Promise<string> {
  const { stdout } = await run(
    'ssh',
    [
      '-i',
      key.privateKeyFile,
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'LogLevel=ERROR',
      '-o',
      `ConnectTimeout=${connectTimeoutSeconds}`,
      `root@${address}`,
      command,
    ],
    { timeout: timeoutMs, encoding: 'utf8' },
  );
  return stdout;
}

/** Retries `ssh root@<address> <command>` until it succeeds or the deadline passes. */
export async function sshWhenReady(
  address: string,
  key: GuestKey,
  command: string,
  timeoutMs = 30_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await sshRun(address, key, command, Math.max(1_000, deadline - Date.now()));
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
