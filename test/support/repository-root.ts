import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The checkout's root (test code runs from test/ under ts-jest and from dist/test/ when built). */
export function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || basename(dir) === 'dist') dir = dirname(dir);
  return dir;
}
