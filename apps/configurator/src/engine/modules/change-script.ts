import { CommandResult, endOf } from '@cfn/ssh';

import { ModuleContext, ModuleOutcome, ModuleResult } from './task-module';

/**
 * A check-then-change script: `probe` calls `change "<what>"` for every difference it finds (and may set shell
 * variables `apply` reads); `apply` runs only when something differs and not in check mode. One round trip per task.
 */
export interface ChangeScript {
  probe: string;
  apply: string;
  /** Bytes the script reads from standard input (file contents). */
  stdin?: Buffer;
}

export const RESULT_MARKER = '__CFN_RESULT__';

/** Shell functions every module script may use. */
export const SHELL_HELPERS = [
  'cfn_uid() { case "$1" in *[!0-9]*) id -u "$1" 2>/dev/null ;; *) echo "$1" ;; esac; }',
  'cfn_gid() { case "$1" in *[!0-9]*) getent group "$1" | cut -d: -f3 ;; *) echo "$1" ;; esac; }',
].join('\n');

export function composeChangeScript(script: ChangeScript, check: boolean): string {
  return [
    'exec 2>&1',
    SHELL_HELPERS,
    'needs_change=0',
    'change() { needs_change=1; echo "$*"; }',
    script.probe,
    `if [ "$needs_change" = 0 ]; then echo '${RESULT_MARKER} ok'; exit 0; fi`,
    check ? `echo '${RESULT_MARKER} changed'; exit 0` : '',
    'set -e',
    script.apply,
    `echo '${RESULT_MARKER} changed'`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Separates the result marker from what the script printed. */
export function readResultMarker(stdout: string): { marker: string | null; output: string } {
  let marker: string | null = null;
  const lines = stdout.split('\n').filter((line) => {
    if (!line.startsWith(`${RESULT_MARKER} `)) return true;
    marker = line.slice(RESULT_MARKER.length + 1).trim();
    return false;
  });
  return { marker, output: lines.join('\n').replace(/\n+$/, '') };
}

export async function runChangeScript(ctx: ModuleContext, script: ChangeScript): Promise<ModuleOutcome> {
  const result = await ctx.runner.exec(composeChangeScript(script, ctx.check), {
    stdin: script.stdin,
    timeoutMs: ctx.timeoutMs,
  });
  const { marker, output } = readResultMarker(result.stdout + result.stderr);
  if (result.timedOut)
    return { result: 'failed', output, message: `timed out after ${Math.round(ctx.timeoutMs / 1000)} s` };
  if (result.exitCode !== 0 || (marker !== 'ok' && marker !== 'changed')) {
    return {
      result: 'failed',
      output,
      message: `${exitDescription(result)}${output ? `: ${endOf(output, 300)}` : ''}`,
    };
  }
  return { result: marker as ModuleResult, output };
}

/** "exit status 2", "killed by SIGKILL", or that the connection went away before the command finished. */
export function exitDescription(result: CommandResult): string {
  if (result.exitCode !== null) return `exit status ${result.exitCode}`;
  if (result.signal) return `killed by ${result.signal}`;
  return 'the connection closed before the command finished';
}
