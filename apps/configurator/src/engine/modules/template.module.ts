import { FileAttributes, fileAttributeSchema } from './file-attributes';
import { ensureFileContent } from './file-content-change';
import { TaskModule } from './task-module';

interface TemplateArgs extends FileAttributes {
  dest: string;
  src?: string;
  /** Inline Jinja2 text, for tasks written in Metadata rather than in a role. */
  content?: string;
  force?: boolean;
}

/** Ansible's template: a Jinja2 file from the role's templates/ (or inline), rendered with the task's variables. */
export const templateModule: TaskModule<TemplateArgs> = {
  name: 'template',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['dest'],
    oneOf: [{ required: ['src'] }, { required: ['content'] }],
    properties: {
      dest: { type: 'string', minLength: 1 },
      src: { type: 'string', minLength: 1 },
      content: { type: 'string' },
      force: { type: 'boolean' },
      ...fileAttributeSchema,
    },
  },
  async run(args, ctx) {
    const source =
      args.src !== undefined ? (await ctx.roleFile('templates', args.src)).toString('utf8') : args.content!;
    const rendered = Buffer.from(ctx.renderTemplate(source), 'utf8');
    return ensureFileContent(ctx, { ...args, path: args.dest, content: rendered, replace: args.force !== false });
  },
};
