import { FileAttributes, fileAttributeSchema } from './file-attributes';
import { ensureFileContent } from './file-content-change';
import { TaskModule } from './task-module';

interface CopyArgs extends FileAttributes {
  dest: string;
  content?: unknown;
  src?: string;
  force?: boolean;
}

/** Ansible's copy: `content` (text; a mapping or list is written as JSON) or `src` from the role's files/. */
export const copyModule: TaskModule<CopyArgs> = {
  name: 'copy',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['dest'],
    oneOf: [{ required: ['content'] }, { required: ['src'] }],
    properties: {
      dest: { type: 'string', minLength: 1 },
      content: {},
      src: { type: 'string', minLength: 1 },
      force: { type: 'boolean' },
      ...fileAttributeSchema,
    },
  },
  async run(args, ctx) {
    const content =
      args.src !== undefined
        ? await ctx.roleFile('files', args.src)
        : Buffer.from(typeof args.content === 'string' ? args.content : JSON.stringify(args.content, null, 2), 'utf8');
    return ensureFileContent(ctx, { ...args, path: args.dest, content, replace: args.force !== false });
  },
};
