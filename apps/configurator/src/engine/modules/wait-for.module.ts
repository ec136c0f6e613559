import { endOf, shellQuote } from '@cfn/ssh';

import { readResultMarker, RESULT_MARKER } from './change-script';
import { TaskModule } from './task-module';

interface WaitForArgs {
  host?: string;
  port?: number;
  /** HTTP(S) URL that must answer with a 2xx/3xx status. */
  url?: string;
  path?: string;
  /** started/present (default): wait until it is there; stopped/absent: until it is gone. */
  state?: 'started' | 'stopped' | 'present' | 'absent';
  timeout?: number;
  delay?: number;
}

const CONDITION_FUNCTIONS = `port_open() { if command -v nc >/dev/null 2>&1; then nc -z -w 2 "$1" "$2" >/dev/null 2>&1; elif command -v bash >/dev/null 2>&1; then timeout 3 bash -c ">/dev/tcp/$1/$2" >/dev/null 2>&1; else echo "wait_for: neither nc nor bash on this host"; exit 1; fi; }
url_ok() { if command -v curl >/dev/null 2>&1; then curl -fsS -o /dev/null --max-time 5 "$1" >/dev/null 2>&1; elif command -v wget >/dev/null 2>&1; then wget -q -O /dev/null -T 5 "$1"; else echo "wait_for: neither curl nor wget on this host"; exit 1; fi; }`;

/** A polling loop run on the host itself, as Ansible's wait_for does (the service is usually only local). */
export function waitForScript(args: WaitForArgs): string {
  const present = (args.state ?? 'started') === 'started' || args.state === 'present';
  let condition: string;
  let what: string;
  if (args.url) {
    condition = `url_ok ${shellQuote(args.url)}`;
    what = args.url;
  } else if (args.port !== undefined) {
    condition = `port_open ${shellQuote(args.host ?? '127.0.0.1')} ${Number(args.port)}`;
    what = `${args.host ?? '127.0.0.1'}:${args.port}`;
  } else if (args.path) {
    condition = `[ -e ${shellQuote(args.path)} ]`;
    what = args.path;
  } else {
    throw new Error('wait_for needs port, url or path');
  }
  const timeout = Math.max(1, Math.round(args.timeout ?? 300));
  return [
    CONDITION_FUNCTIONS,
    `sleep ${Math.max(0, Math.round(args.delay ?? 0))}`,
    `end=$(( $(date +%s) + ${timeout} ))`,
    'while :; do',
    `  if ${present ? '' : '! '}${condition}; then echo '${RESULT_MARKER} ok'; exit 0; fi`,
    `  if [ "$(date +%s)" -ge "$end" ]; then echo ${shellQuote(`timed out after ${timeout} s waiting for ${what} to be ${present ? 'up' : 'gone'}`)}; exit 1; fi`,
    '  sleep 1',
    'done',
  ].join('\n');
}

/** Ansible's wait_for for a port, a path or (our addition) an HTTP URL. It changes nothing, so it is never "changed". */
export const waitForModule: TaskModule<WaitForArgs> = {
  name: 'wait_for',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      host: { type: 'string' },
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      url: { type: 'string', pattern: '^https?://' },
      path: { type: 'string' },
      state: { enum: ['started', 'stopped', 'present', 'absent'] },
      timeout: { type: 'number', minimum: 0 },
      delay: { type: 'number', minimum: 0 },
    },
  },
  async run(args, ctx) {
    if (ctx.check) return { result: 'skipped', output: '', message: 'not waited for in check mode' };
    const limitMs = Math.min(ctx.timeoutMs, ((args.timeout ?? 300) + (args.delay ?? 0) + 30) * 1000);
    const result = await ctx.runner.exec(waitForScript(args), { timeoutMs: limitMs });
    const { marker, output } = readResultMarker(result.stdout + result.stderr);
    if (marker === 'ok' && result.exitCode === 0) return { result: 'ok', output };
    return {
      result: 'failed',
      output,
      message: result.timedOut ? 'timed out' : endOf(output, 300) || `exit status ${result.exitCode}`,
    };
  },
};
