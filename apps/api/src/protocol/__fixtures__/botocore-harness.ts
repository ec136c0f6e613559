import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const HARNESS = join(__dirname, 'botocore_harness.py');

/** Runs one command of botocore_harness.py with the system Python (botocore must be installed). */
export function runBotocore<T>(command: Record<string, unknown>): T {
  const stdout = execFileSync('/usr/bin/env', ['python3', HARNESS], {
    input: JSON.stringify(command),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(stdout) as T;
}
