import { shellJoin, shellQuote } from '@cfn/ssh';

import { ChangeScript, runChangeScript } from './change-script';
import { TaskModule } from './task-module';

interface UserArgs {
  name: string;
  state?: 'present' | 'absent';
  uid?: number | string;
  group?: string;
  groups?: string | string[];
  /** Add to `groups` rather than making them the only supplementary groups. */
  append?: boolean;
  home?: string;
  shell?: string;
  system?: boolean;
  create_home?: boolean;
  comment?: string;
}

const NAME = /^[a-z_][a-z0-9_.-]*\$?$/i;

function groupList(groups: UserArgs['groups']): string[] {
  const list = groups === undefined ? [] : Array.isArray(groups) ? groups : groups.split(',');
  return list.map((group) => group.trim()).filter(Boolean);
}

/** useradd / usermod / userdel from what getent and id report. */
export function userScript(args: UserArgs): ChangeScript {
  if (!NAME.test(args.name)) throw new Error(`"${args.name}" is not a user name`);
  const groups = groupList(args.groups);
  for (const group of [...groups, ...(args.group ? [args.group] : [])])
    if (!NAME.test(group)) throw new Error(`"${group}" is not a group name`);
  const n = shellQuote(args.name);
  if (args.state === 'absent') {
    return { probe: `if getent passwd ${n} >/dev/null; then change "remove user "${n}; fi`, apply: `userdel ${n}` };
  }
  const create = ['useradd'];
  if (args.system) create.push('--system');
  if (args.uid !== undefined) create.push('--uid', String(args.uid));
  if (args.group) create.push('--gid', args.group);
  if (groups.length) create.push('--groups', groups.join(','));
  if (args.home) create.push('--home-dir', args.home);
  if (args.shell) create.push('--shell', args.shell);
  if (args.comment !== undefined) create.push('--comment', args.comment);
  create.push(args.create_home === false || args.system ? '--no-create-home' : '--create-home', args.name);

  const probe = [`if ! entry=$(getent passwd ${n}); then change "create user "${n}; create=1; else`, 'mods=""'];
  const field = (index: number) => `$(echo "$entry" | cut -d: -f${index})`;
  if (args.uid !== undefined)
    probe.push(
      `[ "${field(3)}" = ${shellQuote(String(args.uid))} ] || { change "uid -> ${args.uid}"; mods="$mods --uid ${shellQuote(String(args.uid))}"; }`,
    );
  if (args.group)
    probe.push(
      `[ "${field(4)}" = "$(cfn_gid ${shellQuote(args.group)})" ] || { change "primary group -> ${args.group}"; mods="$mods --gid ${shellQuote(args.group)}"; }`,
    );
  if (args.home)
    probe.push(
      `[ "${field(6)}" = ${shellQuote(args.home)} ] || { change "home -> ${args.home}"; mods="$mods --home ${shellQuote(args.home)}"; }`,
    );
  if (args.shell)
    probe.push(
      `[ "${field(7)}" = ${shellQuote(args.shell)} ] || { change "shell -> ${args.shell}"; mods="$mods --shell ${shellQuote(args.shell)}"; }`,
    );
  if (groups.length || (args.groups !== undefined && !args.append)) {
    const wanted = [...groups].sort().join(' ');
    // Supplementary groups only: id -Gn lists the primary group first.
    probe.push(`have=$(id -Gn ${n} | tr ' ' '\\n' | tail -n +2 | sort | tr '\\n' ' ' | sed 's/ $//')`);
    probe.push(
      args.append
        ? `for g in ${groups.map(shellQuote).join(' ')}; do case " $have " in *" $g "*) ;; *) change "add to group $g"; mods="$mods --append --groups $g" ;; esac; done`
        : `[ "$have" = ${shellQuote(wanted)} ] || { change "groups: $have -> ${wanted}"; mods="$mods --groups ${shellQuote(groups.join(','))}"; }`,
    );
  }
  probe.push('fi');
  const apply = `if [ "\${create:-0}" = 1 ]; then ${shellJoin(create)}; else usermod $mods ${n}; fi`;
  return { probe: probe.join('\n'), apply };
}

/** Ansible's user. */
export const userModule: TaskModule<UserArgs> = {
  name: 'user',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1 },
      state: { enum: ['present', 'absent'] },
      uid: { type: ['integer', 'string'] },
      group: { type: 'string' },
      groups: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      append: { type: 'boolean' },
      home: { type: 'string' },
      shell: { type: 'string' },
      system: { type: 'boolean' },
      create_home: { type: 'boolean' },
      comment: { type: 'string' },
    },
  },
  run: (args, ctx) => runChangeScript(ctx, userScript(args)),
};
