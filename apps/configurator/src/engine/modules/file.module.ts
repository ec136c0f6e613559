import { shellQuote } from '@cfn/ssh';

import { ChangeScript, runChangeScript } from './change-script';
import { applyAttributes, FileAttributes, fileAttributeSchema, probeAttributes } from './file-attributes';
import { TaskModule } from './task-module';

interface FileArgs extends FileAttributes {
  path: string;
  state?: 'file' | 'directory' | 'absent' | 'touch' | 'link';
  /** The link's target (state: link). */
  src?: string;
}

export function fileScript(args: FileArgs): ChangeScript {
  const state = args.state ?? 'file';
  const lines = [`p=${shellQuote(args.path)}`];
  let apply = '';
  switch (state) {
    case 'directory':
      lines.push('if [ ! -d "$p" ]; then change "create directory $p"; create=1; fi', probeAttributes(args));
      apply = 'if [ "${create:-0}" = 1 ]; then mkdir -p "$p"; fi';
      break;
    case 'absent':
      lines.push('if [ -e "$p" ] || [ -L "$p" ]; then change "remove $p"; fi');
      apply = 'rm -rf -- "$p"';
      return { probe: lines.join('\n'), apply };
    case 'touch':
      lines.push('change "touch $p"', probeAttributes(args));
      apply = 'touch -- "$p"';
      break;
    case 'link': {
      if (!args.src) throw new Error('file with state link needs src (the link target)');
      const target = shellQuote(args.src);
      lines.push(
        `if [ "$(readlink -- "$p")" != ${target} ]; then change "link $p -> "${target}; relink=1; fi`,
        probeAttributes(args, { link: true }),
      );
      apply = `if [ "\${relink:-0}" = 1 ]; then ln -sfn -- ${target} "$p"; fi`;
      return { probe: lines.join('\n'), apply: [apply, applyAttributes(args, { link: true })].join('\n') };
    }
    case 'file':
      lines.push(
        'if [ ! -e "$p" ]; then echo "$p does not exist (state: file does not create files; use touch or copy)"; exit 1; fi',
        probeAttributes(args),
      );
      break;
  }
  return { probe: lines.join('\n'), apply: [apply, applyAttributes(args)].filter(Boolean).join('\n') };
}

/** Ansible's file: directories, links, removal, touch, and mode/owner/group of what exists. */
export const fileModule: TaskModule<FileArgs> = {
  name: 'file',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', minLength: 1 },
      state: { enum: ['file', 'directory', 'absent', 'touch', 'link'] },
      src: { type: 'string' },
      ...fileAttributeSchema,
    },
  },
  run: (args, ctx) => runChangeScript(ctx, fileScript(args)),
};
