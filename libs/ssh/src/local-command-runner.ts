import { spawn } from 'node:child_process';

import { BoundedOutput } from './bounded-output';
import { CommandResult, CommandRunner, DEFAULT_MAX_OUTPUT_BYTES, ExecOptions } from './command-runner';

/**
 * Runs scripts on this machine with `sh -c`, as the current user: the configurator's engine without SSH, used by
 * unit specs (inside temporary directories) and to configure the machine the configurator itself runs on.
 */
export class LocalCommandRunner implements CommandRunner {
  readonly description = 'localhost';

  exec(script: string, options: ExecOptions = {}): Promise<CommandResult> {
    const cap = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const stdout = new BoundedOutput(cap);
    const stderr = new BoundedOutput(cap);
    return new Promise((resolve, reject) => {
      const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      let timedOut = false;
      const timer = options.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              /* already gone */
            }
          }, options.timeoutMs)
        : null;
      child.stdout.on('data', (chunk: Buffer) => stdout.append(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.append(chunk));
      child.stdin.on('error', () => undefined);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        resolve({
          exitCode: code,
          signal,
          stdout: stdout.toString(),
          stderr: stderr.toString(),
          timedOut,
          truncated: stdout.truncated || stderr.truncated,
        });
      });
      child.stdin.end(options.stdin ?? '');
    });
  }
}
