import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The apps `start:all` runs, in start order; each is a separate Node process. */
export const SERVICE_APPS = [
  'cloudstack-simulator',
  'api',
  'validator',
  'planner',
  'provisioner',
  'configurator',
  'audit',
] as const;
export type ServiceApp = (typeof SERVICE_APPS)[number];

export function mainScriptOf(app: ServiceApp, distRoot: string): string {
  return join(distRoot, 'apps', app, 'src', 'main.js');
}

/** Spawns one app with its output prefixed by its name, line by line. */
export function spawnService(
  app: ServiceApp,
  distRoot: string,
  env: NodeJS.ProcessEnv,
  output: (line: string) => void,
): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', mainScriptOf(app, distRoot)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${app}]`.padEnd(24);
  for (const stream of [child.stdout!, child.stderr!]) {
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) output(`${prefix} ${line}`);
    });
  }
  return child;
}

/** True once the process ended, by exiting or by a signal (a signal leaves `exitCode` null). */
export function hasEnded(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Sends SIGTERM to every child and waits for them to exit (SIGKILL after the grace period). */
export async function stopServices(children: ChildProcess[], graceMs = 10_000): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (hasEnded(child)) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}
