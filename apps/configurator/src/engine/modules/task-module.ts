import { CommandRunner } from '@cfn/ssh';

export type ModuleResult = 'ok' | 'changed' | 'failed' | 'skipped';

/** What a module may use while it runs one task on one host. */
export interface ModuleContext {
  runner: CommandRunner;
  /** Report what would change, change nothing. */
  check: boolean;
  timeoutMs: number;
  /** Reads a file shipped with the task's role: `files/` for copy, `templates/` for template. */
  roleFile(kind: 'files' | 'templates', path: string): Promise<Buffer>;
  /** Renders Jinja2 text with the task's variables (the template module). */
  renderTemplate(text: string): string;
  /** Fetches a URL from the configurator (cfn-init files with `source`). */
  download(url: string): Promise<Buffer>;
}

export interface ModuleOutcome {
  result: ModuleResult;
  /** What the host printed, for storage (masked later). */
  output: string;
  /** One line saying what happened or why it failed. */
  message?: string;
  /** Values a `register` variable receives besides changed/failed (rc, stdout, stderr, ...). */
  values?: Record<string, unknown>;
}

/** A task module: its arguments' JSON schema and how it brings one host to the state they describe. */
export interface TaskModule<Args = any> {
  readonly name: string;
  readonly argsSchema: Record<string, unknown>;
  /** Turns free-form arguments (`shell: echo hi`) into the mapping the schema describes. */
  normaliseArgs?(raw: unknown): unknown;
  run(args: Args, ctx: ModuleContext): Promise<ModuleOutcome>;
}
