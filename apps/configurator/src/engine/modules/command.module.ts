import { endOf, shellJoin, shellQuote } from '@cfn/ssh';
import { parse } from 'shell-quote';

import { exitDescription, readResultMarker, RESULT_MARKER } from './change-script';
import { ModuleContext, ModuleOutcome, TaskModule } from './task-module';

export interface CommandArgs {
  /** Free-form text: split into words for command, run by the shell for shell. */
  _raw_params?: string;
  cmd?: string;
  argv?: string[];
  /** Skip when this path exists. */
  creates?: string;
  /** Skip unless this path exists. */
  removes?: string;
  chdir?: string;
  env?: Record<string, string | number | boolean>;
  /** cfn-init's `test`: run only when this shell command succeeds. */
  test?: string;
  stdin?: string;
  /** shell only: the shell to use (default /bin/sh). */
  executable?: string;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    _raw_params: { type: 'string' },
    cmd: { type: 'string' },
    argv: { type: 'array', items: { type: ['string', 'number'] }, minItems: 1 },
    creates: { type: 'string' },
    removes: { type: 'string' },
    chdir: { type: 'string' },
    env: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
    test: { type: 'string' },
    stdin: { type: 'string' },
    executable: { type: 'string' },
  },
};

/** Splits a command line into words as Ansible's command module does: no variables, no shell operators. */
export function splitCommandLine(text: string): string[] {
  return parse(text, (name) => `$${name}`).map((word) => {
    if (typeof word === 'string') return word;
    if ('pattern' in word) return word.pattern;
    if ('comment' in word) throw new Error(`"#" starts a comment in "${text}"; use the shell module`);
    throw new Error(`shell operator "${(word as { op: string }).op}" in "${text}": use the shell module`);
  });
}

/** The command line to exec, from the arguments, for the command (no shell) or the shell module. */
export function commandLine(args: CommandArgs, viaShell: boolean): string {
  const text = args.cmd ?? args._raw_params;
  if (viaShell) {
    if (text === undefined) throw new Error('shell needs a command (free-form text or cmd)');
    return `${shellQuote(args.executable ?? '/bin/sh')} -c ${shellQuote(text)}`;
  }
  const argv = args.argv?.map(String) ?? (text !== undefined ? splitCommandLine(text) : undefined);
  if (!argv || argv.length === 0) throw new Error('command needs a command (free-form text, cmd or argv)');
  return shellJoin(argv);
}

/**
 * The script for command/shell: guards first (creates, removes, cfn-init's test), then in check mode only a report,
 * else a marker line and the command itself in place of the script (its status is the task's status).
 */
export function commandScript(args: CommandArgs, viaShell: boolean, check: boolean): string {
  const lines: string[] = [];
  if (args.chdir) lines.push(`cd ${shellQuote(args.chdir)} || exit 1`);
  for (const [name, value] of Object.entries(args.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`environment variable name "${name}" is not valid`);
    lines.push(`export ${name}=${shellQuote(String(value))}`);
  }
  const skip = (why: string) => `{ echo '${RESULT_MARKER} ok'; echo ${shellQuote(why)}; exit 0; }`;
  if (args.creates)
    lines.push(`if [ -e ${shellQuote(args.creates)} ]; then ${skip(`skipped: ${args.creates} exists`)}; fi`);
  if (args.removes)
    lines.push(`if [ ! -e ${shellQuote(args.removes)} ]; then ${skip(`skipped: ${args.removes} does not exist`)}; fi`);
  if (args.test)
    lines.push(
      `if ! /bin/sh -c ${shellQuote(args.test)} >/dev/null 2>&1; then ${skip('skipped: test command did not succeed')}; fi`,
    );
  const command = commandLine(args, viaShell);
  if (check) {
    lines.push(`echo '${RESULT_MARKER} changed'; echo ${shellQuote(`would run: ${command}`)}; exit 0`);
  } else {
    lines.push(`echo '${RESULT_MARKER} run'`);
    lines.push(args.stdin !== undefined ? `exec ${command}` : `exec ${command} </dev/null`);
  }
  return lines.join('\n');
}

function commandModule(name: 'command' | 'shell', viaShell: boolean): TaskModule<CommandArgs> {
  return {
    name,
    argsSchema: schema,
    normaliseArgs: (raw) => (typeof raw === 'string' ? { _raw_params: raw } : raw),
    async run(args: CommandArgs, ctx: ModuleContext): Promise<ModuleOutcome> {
      const result = await ctx.runner.exec(commandScript(args, viaShell, ctx.check), {
        stdin: args.stdin,
        timeoutMs: ctx.timeoutMs,
      });
      const { marker, output: stdout } = readResultMarker(result.stdout);
      const stderr = result.stderr.replace(/\n+$/, '');
      const output = [stdout, stderr].filter(Boolean).join('\n');
      const values = { rc: result.exitCode, stdout, stderr, stdout_lines: stdout ? stdout.split('\n') : [] };
      if (result.timedOut)
        return { result: 'failed', output, values, message: `timed out after ${Math.round(ctx.timeoutMs / 1000)} s` };
      if (marker === 'ok' || marker === 'changed') return { result: marker, output, values: { ...values, rc: 0 } };
      if (marker !== 'run' || result.exitCode !== 0) {
        const status = result.exitCode !== null ? `non-zero exit status ${result.exitCode}` : exitDescription(result);
        return { result: 'failed', output, values, message: `${status}${output ? `: ${endOf(output, 300)}` : ''}` };
      }
      return { result: 'changed', output, values };
    },
  };
}

export const commandModuleDefinition = commandModule('command', false);
export const shellModuleDefinition = commandModule('shell', true);
