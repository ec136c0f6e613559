import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ModuleKind, transpileModule } from 'typescript';

import { lowerOwnCpuPriority } from './cpu-priority';

describe('lowerOwnCpuPriority', () => {
  it('sets the niceness of the calling process', () => {
    // In a child process, so the test runner keeps its own priority.
    const module = transpileModule(readFileSync(join(__dirname, 'cpu-priority.ts'), 'utf8'), {
      compilerOptions: { module: ModuleKind.CommonJS },
    }).outputText;
    const source = `${module}
      const changed = exports.lowerOwnCpuPriority(7);
      process.stdout.write(JSON.stringify({ changed, priority: require('node:os').getPriority() }));`;
    const output = execFileSync(process.execPath, ['-e', source]).toString();
    expect(JSON.parse(output)).toEqual({ changed: true, priority: 7 });
  });

  it('leaves the process alone for 0, refuses values outside 0-19, and survives a refusal', () => {
    const calls: number[] = [];
    expect(lowerOwnCpuPriority(0, (_pid, priority) => calls.push(priority))).toBe(false);
    expect(calls).toEqual([]);
    expect(() => lowerOwnCpuPriority(20)).toThrow('0 to 19');
    expect(() => lowerOwnCpuPriority(-5)).toThrow('0 to 19');
    expect(
      lowerOwnCpuPriority(10, () => {
        throw new Error('EACCES');
      }),
    ).toBe(false);
  });
});
