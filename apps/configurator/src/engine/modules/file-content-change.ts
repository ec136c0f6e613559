import { createHash } from 'node:crypto';

import { shellQuote } from '@cfn/ssh';

import { ChangeScript, runChangeScript } from './change-script';
import { applyAttributes, FileAttributes, probeAttributes } from './file-attributes';
import { ModuleContext, ModuleOutcome } from './task-module';

export interface FileContentRequest extends FileAttributes {
  path: string;
  content: Buffer;
  /** false: write only when the file does not exist yet (Ansible's force: no). */
  replace?: boolean;
}

/**
 * Makes a file hold exactly `content` with the given attributes: compares the SHA-256 on the host first, and
 * writes (to a temporary file beside it, renamed over it) only when it differs. Shared by copy, template,
 * lineinfile and cfn-init files.
 */
export function fileContentScript(request: FileContentRequest): ChangeScript {
  const sum = createHash('sha256').update(request.content).digest('hex');
  const differs =
    request.replace === false
      ? 'if [ ! -e "$p" ]; then change "create $p"; write=1; fi'
      : `if [ ! -e "$p" ]; then change "create $p"; write=1\n` +
        `elif [ "$(sha256sum < "$p" | cut -d' ' -f1)" != ${sum} ]; then change "content of $p differs"; write=1; fi`;
  const probe = [
    `p=${shellQuote(request.path)}`,
    'write=0',
    'if [ -d "$p" ]; then echo "$p is a directory"; exit 1; fi',
    differs,
    probeAttributes(request),
  ].join('\n');
  const apply = [
    'if [ "$write" = 1 ]; then',
    '  mkdir -p "$(dirname "$p")"',
    '  t="$p.cfn-tmp.$$"',
    '  (umask 077; cat > "$t")',
    // Keep the attributes of the file being replaced unless the task sets them.
    '  if [ -e "$p" ]; then chmod --reference="$p" "$t"; chown --reference="$p" "$t"; else chmod 644 "$t"; fi',
    '  mv -f "$t" "$p"',
    'fi',
    applyAttributes(request),
  ].join('\n');
  return { probe, apply, stdin: request.content };
}

export function ensureFileContent(ctx: ModuleContext, request: FileContentRequest): Promise<ModuleOutcome> {
  return runChangeScript(ctx, fileContentScript(request));
}
