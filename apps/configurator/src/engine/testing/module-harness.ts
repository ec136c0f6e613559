import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CommandResult, CommandRunner, ExecOptions, LocalCommandRunner } from '@cfn/ssh';

import { ModuleContext } from '../modules/task-module';
import { TemplateRenderer } from '../templating/template-renderer';

/**
 * For specs: a temporary directory to work in, and a runner whose PATH starts with "shim" programs that record how
 * they were called and answer from a script, so package/user/service scripts run for real without touching the system.
 */
export class ModuleHarness {
  readonly dir = mkdtempSync(join(tmpdir(), 'cfn-module-'));
  readonly shimDir = join(this.dir, '.shims');
  readonly callLog = join(this.dir, '.calls');
  private readonly local = new LocalCommandRunner();

  constructor() {
    mkdirSync(this.shimDir);
    writeFileSync(this.callLog, '');
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  /** Puts a program named `name` first on PATH: it logs "name args..." and runs `body` (a sh snippet). */
  shim(name: string, body = 'exit 0'): void {
    const file = join(this.shimDir, name);
    writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> '${this.callLog}'\n${body}\n`);
    chmodSync(file, 0o755);
  }

  calls(): string[] {
    return readFileSync(this.callLog, 'utf8').split('\n').filter(Boolean);
  }

  readonly runner: CommandRunner = {
    description: 'localhost (shims)',
    exec: (script: string, options?: ExecOptions): Promise<CommandResult> =>
      this.local.exec(`PATH='${this.shimDir}':"$PATH"; export PATH\n${script}`, options),
  };

  context(overrides: Partial<ModuleContext> = {}, variables: Record<string, unknown> = {}): ModuleContext {
    const renderer = new TemplateRenderer();
    return {
      runner: this.runner,
      check: false,
      timeoutMs: 30_000,
      roleFile: async (kind, path) => readFileSync(join(this.dir, 'role', kind, path)),
      renderTemplate: (text) => renderer.render(text, variables),
      download: async (url) => {
        throw new Error(`no download in specs: ${url}`);
      },
      ...overrides,
    };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
