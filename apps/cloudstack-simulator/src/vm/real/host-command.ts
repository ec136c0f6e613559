import { spawn } from 'node:child_process';

export interface HostCommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

export class HostCommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: HostCommandResult,
  ) {
    super(`${command} failed (exit ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
  }
}

/** Runs a host command (no shell) and returns its output; a non-zero exit throws unless `allowFailure`. */
export function runHostCommand(
  file: string,
  args: string[],
  options: { input?: string; allowFailure?: boolean } = {},
): Promise<HostCommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const result = { stdout, stderr, code: code ?? (signal ? 128 : 1) };
      if (result.code !== 0 && !options.allowFailure) reject(new HostCommandError([file, ...args].join(' '), result));
      else resolve(result);
    });
    // A command that exits without reading its input closes the pipe; its exit status tells what happened.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  });
}
