import { Client, ClientChannel } from 'ssh2';

import { BoundedOutput } from './bounded-output';
import { CommandResult, CommandRunner, DEFAULT_MAX_OUTPUT_BYTES, ExecOptions } from './command-runner';
import { checkHostKey, HostKeyStore } from './host-key';
import { buildRemoteCommand } from './remote-command';
import { shellQuote } from './shell-quote';
import { describeTarget, SshTarget } from './ssh-target';

export interface SshConnectOptions {
  hostKeys: HostKeyStore;
  /** How long the TCP connect, handshake and authentication may take. */
  readyTimeoutMs?: number;
}

/** Grace the client gives a command past its time limit before closing the channel itself. */
const CLIENT_GRACE_MS = 10_000;

/**
 * One authenticated SSH connection (ssh2) to one host. Scripts run as root: directly when the login user is root,
 * through `sudo -n` otherwise. Several scripts may run at once over it (one channel each).
 */
export class SshConnection implements CommandRunner {
  readonly description: string;
  private closed = false;
  private readonly closeListeners: Array<() => void> = [];

  private constructor(
    private readonly client: Client,
    readonly target: SshTarget,
  ) {
    this.description = describeTarget(target);
    client.on('close', () => this.markClosed());
    client.on('end', () => this.markClosed());
    client.on('error', () => this.markClosed());
  }

  static open(target: SshTarget, options: SshConnectOptions): Promise<SshConnection> {
    const client = new Client();
    let hostKeyFailure: Error | null = null;
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        client.removeAllListeners('ready');
        client.end();
        reject(hostKeyFailure ?? error);
      };
      client.once('ready', () => {
        client.removeListener('error', fail);
        resolve(new SshConnection(client, target));
      });
      client.once('error', fail);
      client.connect({
        host: target.address,
        port: target.port,
        username: target.user,
        privateKey: target.privateKey,
        readyTimeout: options.readyTimeoutMs ?? 20_000,
        keepaliveInterval: 15_000,
        keepaliveCountMax: 4,
        hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
          checkHostKey(options.hostKeys, target.hostKeyRef, key, target.hostKeyPolicy).then(
            () => verify(true),
            (error: Error) => {
              hostKeyFailure = error;
              verify(false);
            },
          );
        },
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  exec(script: string, options: ExecOptions = {}): Promise<CommandResult> {
    const command = buildRemoteCommand(script, {
      sudo: this.target.user !== 'root',
      timeoutSeconds: options.timeoutMs ? options.timeoutMs / 1000 : undefined,
    });
    const cap = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error(`connection to ${this.description} is closed`));
      this.client.exec(command, (error, channel) => {
        if (error) return reject(error);
        this.collect(channel, cap, options).then(resolve, reject);
      });
    });
  }

  /** Writes a file as root: to a temporary name beside it, then renamed, so readers never see half a file. */
  async upload(remotePath: string, content: Buffer | string, mode = '0644'): Promise<void> {
    const temporary = `${remotePath}.cfn-upload.$$`;
    const script =
      `set -e; umask 077; cat > ${shellQuote(temporary)}; chmod ${shellQuote(mode)} ${shellQuote(temporary)}; ` +
      `mv -f ${shellQuote(temporary)} ${shellQuote(remotePath)}`;
    const result = await this.exec(script, { stdin: content, timeoutMs: 120_000 });
    if (result.exitCode !== 0)
      throw new Error(`upload of ${remotePath} to ${this.description} failed: ${result.stderr.trim()}`);
  }

  close(): void {
    if (this.closed) return;
    this.client.end();
    this.markClosed();
  }

  private collect(channel: ClientChannel, cap: number, options: ExecOptions): Promise<CommandResult> {
    const stdout = new BoundedOutput(cap);
    const stderr = new BoundedOutput(cap);
    return new Promise((resolve) => {
      let exitCode: number | null = null;
      let signal: string | null = null;
      let timedOut = false;
      const timer = options.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            channel.signal('KILL');
            channel.close();
          }, options.timeoutMs + CLIENT_GRACE_MS)
        : null;
      channel.on('data', (chunk: Buffer) => stdout.append(chunk));
      channel.stderr.on('data', (chunk: Buffer) => stderr.append(chunk));
      channel.on('exit', (code: number | null, signalName?: string) => {
        exitCode = code;
        signal = signalName ?? null;
      });
      channel.on('close', () => {
        if (timer) clearTimeout(timer);
        // `timeout` on the host exits 124 (or 137 after -k) when it stopped the command.
        const stoppedOnHost = options.timeoutMs !== undefined && (exitCode === 124 || exitCode === 137);
        resolve({
          exitCode,
          signal,
          stdout: stdout.toString(),
          stderr: stderr.toString(),
          timedOut: timedOut || stoppedOnHost,
          truncated: stdout.truncated || stderr.truncated,
        });
      });
      channel.end(options.stdin ?? '');
    });
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
