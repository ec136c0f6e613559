import Mustache from 'mustache';

import { runChangeScript } from './change-script';
import { fileScript } from './file.module';
import { ensureFileContent } from './file-content-change';
import { TaskModule } from './task-module';

export interface CfnFileArgs {
  path: string;
  content?: unknown;
  source?: string;
  encoding?: 'plain' | 'base64';
  context?: Record<string, unknown>;
  mode?: string;
  owner?: string;
  group?: string;
  authentication?: string;
}

/** cfn-init `files`: content (text, or JSON for a mapping), source URL, base64, Mustache context, and 120xxx symlinks. */
export const cfnFileModule: TaskModule<CfnFileArgs> = {
  name: 'cfn_file',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', minLength: 1 },
      content: {},
      source: { type: 'string' },
      encoding: { enum: ['plain', 'base64'] },
      context: { type: 'object' },
      mode: { type: ['string', 'integer'] },
      owner: { type: ['string', 'integer'] },
      group: { type: ['string', 'integer'] },
      authentication: { type: 'string' },
    },
  },
  async run(args, ctx) {
    const attributes = { mode: args.mode, owner: args.owner, group: args.group };
    if (args.mode !== undefined && /^120[0-7]{3}$/.test(String(args.mode))) {
      // cfn-init: a mode of 120xxx makes a symbolic link whose target is the content.
      return runChangeScript(
        ctx,
        fileScript({ path: args.path, state: 'link', src: String(args.content), owner: args.owner, group: args.group }),
      );
    }
    let text: Buffer;
    if (args.source !== undefined) text = await ctx.download(args.source);
    else if (typeof args.content === 'string')
      text = Buffer.from(args.content, args.encoding === 'base64' ? 'base64' : 'utf8');
    else if (args.content !== undefined) text = Buffer.from(JSON.stringify(args.content, null, 2), 'utf8');
    else text = Buffer.alloc(0);
    // cfn-init renders the content with Mustache only when a context is given.
    const content = args.context ? Buffer.from(Mustache.render(text.toString('utf8'), args.context), 'utf8') : text;
    return ensureFileContent(ctx, { ...attributes, path: args.path, content });
  },
};
