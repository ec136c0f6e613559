import { createHash } from 'node:crypto';

import { shellQuote } from '@cfn/ssh';

import { ChangeScript, runChangeScript } from './change-script';
import { TaskModule } from './task-module';

interface SourceArgs {
  dest: string;
  url: string;
}

export const SOURCE_MARKER_DIR = '/var/lib/cfn-cloudstack/sources';

/**
 * cfn-init `sources`: download an archive on the host and unpack it into a directory (tar, gzip, bzip2, xz, zip).
 * cfn-init unpacks on every run; a marker per (directory, URL) makes the second run a no-op.
 */
export function sourceScript(args: SourceArgs): ChangeScript {
  if (!/^https?:\/\//.test(args.url)) throw new Error(`source "${args.url}" must be an http(s) URL`);
  const marker = `${SOURCE_MARKER_DIR}/${createHash('sha256').update(`${args.dest}\n${args.url}`).digest('hex')}`;
  const url = shellQuote(args.url);
  const probe = `m=${shellQuote(marker)}; d=${shellQuote(args.dest)}\nif [ ! -e "$m" ]; then change "unpack "${url}" into $d"; fi`;
  const apply = [
    'mkdir -p "$d"',
    'a=$(mktemp)',
    `if command -v curl >/dev/null 2>&1; then curl -fsSL -o "$a" ${url}; else wget -q -O "$a" ${url}; fi`,
    `case ${url} in *.zip|*.ZIP) unzip -o -q "$a" -d "$d" ;; *) tar -xf "$a" -C "$d" ;; esac`,
    'rm -f "$a"',
    'mkdir -p "$(dirname "$m")" && touch "$m"',
  ].join('\n');
  return { probe, apply };
}

export const cfnSourceModule: TaskModule<SourceArgs> = {
  name: 'cfn_source',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['dest', 'url'],
    properties: { dest: { type: 'string', minLength: 1 }, url: { type: 'string', minLength: 1 } },
  },
  run: (args, ctx) => runChangeScript(ctx, sourceScript(args)),
};
