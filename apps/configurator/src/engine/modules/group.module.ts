import { shellJoin, shellQuote } from '@cfn/ssh';

import { ChangeScript, runChangeScript } from './change-script';
import { TaskModule } from './task-module';

interface GroupArgs {
  name: string;
  state?: 'present' | 'absent';
  gid?: number | string;
  system?: boolean;
}

export function groupScript(args: GroupArgs): ChangeScript {
  if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(args.name)) throw new Error(`"${args.name}" is not a group name`);
  const n = shellQuote(args.name);
  if (args.state === 'absent')
    return { probe: `if getent group ${n} >/dev/null; then change "remove group "${n}; fi`, apply: `groupdel ${n}` };
  const create = [
    'groupadd',
    ...(args.system ? ['--system'] : []),
    ...(args.gid !== undefined ? ['--gid', String(args.gid)] : []),
    args.name,
  ];
  const gid = args.gid !== undefined ? shellQuote(String(args.gid)) : '';
  const probe = [
    `if ! entry=$(getent group ${n}); then change "create group "${n}; create=1`,
    args.gid !== undefined
      ? `elif [ "$(echo "$entry" | cut -d: -f3)" != ${gid} ]; then change "gid -> "${gid}; modify=1`
      : '',
    'fi',
  ]
    .filter(Boolean)
    .join('\n');
  const apply = `if [ "\${create:-0}" = 1 ]; then ${shellJoin(create)}; elif [ "\${modify:-0}" = 1 ]; then groupmod --gid ${gid || '""'} ${n}; fi`;
  return { probe, apply };
}

/** Ansible's group. */
export const groupModule: TaskModule<GroupArgs> = {
  name: 'group',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1 },
      state: { enum: ['present', 'absent'] },
      gid: { type: ['integer', 'string'] },
      system: { type: 'boolean' },
    },
  },
  run: (args, ctx) => runChangeScript(ctx, groupScript(args)),
};
