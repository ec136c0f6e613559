import { shellQuote } from '@cfn/ssh';

import { FileAttributes, fileAttributeSchema } from './file-attributes';
import { ensureFileContent } from './file-content-change';
import { editLines, LineInFileEdit } from './line-in-file';
import { TaskModule } from './task-module';

interface LineInFileArgs extends LineInFileEdit, FileAttributes {
  path: string;
  create?: boolean;
}

const MISSING = 3;
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Ansible's lineinfile: reads the file, edits it here (editLines), writes it back only when it changed. */
export const lineInFileModule: TaskModule<LineInFileArgs> = {
  name: 'lineinfile',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', minLength: 1 },
      line: { type: 'string' },
      regexp: { type: 'string' },
      state: { enum: ['present', 'absent'] },
      insertafter: { type: 'string' },
      insertbefore: { type: 'string' },
      create: { type: 'boolean' },
      ...fileAttributeSchema,
    },
  },
  normaliseArgs(raw) {
    // Ansible also accepts `dest` and `name` for the path.
    if (raw && typeof raw === 'object' && !('path' in raw)) {
      const { dest, name, ...rest } = raw as Record<string, unknown>;
      return { path: dest ?? name, ...rest };
    }
    return raw;
  },
  async run(args, ctx) {
    const read = await ctx.runner.exec(`p=${shellQuote(args.path)}; [ -f "$p" ] || exit ${MISSING}; cat -- "$p"`, {
      timeoutMs: ctx.timeoutMs,
      maxOutputBytes: MAX_FILE_BYTES,
    });
    if (read.truncated) return { result: 'failed', output: '', message: `${args.path} is too large for lineinfile` };
    if (read.exitCode === MISSING && !args.create) {
      return { result: 'failed', output: '', message: `${args.path} does not exist (set create: true to create it)` };
    }
    if (read.exitCode !== 0 && read.exitCode !== MISSING) {
      return { result: 'failed', output: read.stderr, message: `cannot read ${args.path}: ${read.stderr.trim()}` };
    }
    const edited = editLines(read.exitCode === MISSING ? '' : read.stdout, args);
    // Unchanged text still goes through the check: mode, owner and group may need fixing.
    return ensureFileContent(ctx, { ...args, content: Buffer.from(edited, 'utf8') });
  },
};
