import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from '../support/free-port';
import { waitUntil } from '../support/wait-until';

/**
 * A real OpenSSH server on 127.0.0.1 for the configurator suite: its own host key, config, pid file and
 * authorized_keys (the stack's derived public key) in a temporary directory. Needs root and openssh-server.
 */
export class LoopbackSshd {
  readonly dir = mkdtempSync(join(tmpdir(), 'cfn-sshd-'));
  port = 0;
  hostKeyFingerprint = '';
  private child: ChildProcess | null = null;
  readonly log: string[] = [];

  constructor(private readonly authorizedKey: string) {}

  async start(): Promise<this> {
    this.port = await freePort();
    const hostKey = join(this.dir, 'ssh_host_ed25519_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
    this.hostKeyFingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${hostKey}.pub`])
      .toString()
      .split(' ')[1];
    writeFileSync(join(this.dir, 'authorized_keys'), `${this.authorizedKey}\n`, { mode: 0o600 });
    const config = join(this.dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `HostKey ${hostKey}`,
        `PidFile ${join(this.dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(this.dir, 'authorized_keys')}`,
        'StrictModes no',
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'MaxSessions 20',
        'Subsystem sftp internal-sftp',
        '',
      ].join('\n'),
    );
    // sshd insists on its privilege-separation directory (the Debian package makes it at boot).
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    this.child = spawn(
      '/usr/sbin/sshd',
      ['-D', '-e', '-f', config, '-p', String(this.port), '-o', 'ListenAddress=127.0.0.1'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    this.child.stderr!.on('data', (chunk: Buffer) => this.log.push(chunk.toString('utf8')));
    await waitUntil('sshd on loopback', () => this.answers(), 15_000, 100);
    return this;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private answers(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect(this.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }
}
