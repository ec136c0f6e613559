import { PlaybookError, TaskDefinition } from '../playbook/task-definition';
import { resolveConfigKeys } from './config-sets';

type Mapping = Record<string, unknown>;

/** What earlier tasks of the run changed, by the names cfn-init services watch. */
interface Watchable {
  files: Map<string, string>;
  sources: Map<string, string>;
  packages: Map<string, string>;
  commands: Map<string, string>;
}

const ORDER_NOTE = 'packages, groups, users, sources, files, commands, services';

/**
 * Translates AWS::CloudFormation::Init into tasks run over SSH, in cfn-init's order within each config
 * (packages, groups, users, sources, files, commands in alphabetical order of their names, services), so templates
 * written for cfn-init work unchanged without cfn-init on the image. Services restart when a file, source, package or
 * command they watch changed in this run.
 */
export function cfnInitTasks(init: unknown, configSets?: string[]): TaskDefinition[] {
  if (init === undefined || init === null) return [];
  if (typeof init !== 'object' || Array.isArray(init))
    throw new PlaybookError('AWS::CloudFormation::Init must be a mapping');
  const watchable: Watchable = { files: new Map(), sources: new Map(), packages: new Map(), commands: new Map() };
  let counter = 0;
  const registerName = () => `cfn_init_${++counter}`;
  const tasks: TaskDefinition[] = [];
  for (const key of resolveConfigKeys(init as Mapping, configSets)) {
    tasks.push(...translateConfig(key, mapping((init as Mapping)[key], `config ${key}`), watchable, registerName));
  }
  return tasks;
}

function translateConfig(
  configName: string,
  config: Mapping,
  watchable: Watchable,
  registerName: () => string,
): TaskDefinition[] {
  const known = new Set(['packages', 'groups', 'users', 'sources', 'files', 'commands', 'services']);
  const unknown = Object.keys(config).filter((key) => !known.has(key));
  if (unknown.length)
    throw new PlaybookError(`config ${configName}: unknown keys ${unknown.join(', ')} (cfn-init knows ${ORDER_NOTE})`);
  const tasks: TaskDefinition[] = [];
  const task = (name: string, module: string, args: unknown, extra: Partial<TaskDefinition> = {}): TaskDefinition => {
    const made: TaskDefinition = {
      name: `${configName}: ${name}`,
      module,
      args,
      loopVar: 'item',
      notify: [],
      listen: [],
      ignoreErrors: false,
      noLog: false,
      vars: {},
      literal: true,
      origin: { label: `cfn-init ${configName}` },
      ...extra,
    };
    tasks.push(made);
    return made;
  };

  for (const [manager, packages] of Object.entries(mapping(config.packages, `config ${configName} packages`))) {
    if (manager !== 'apt')
      throw new PlaybookError(
        `config ${configName}: packages of type "${manager}" cannot be installed on apt-based hosts; use apt`,
      );
    const names = Object.entries(mapping(packages, `config ${configName} packages.apt`)).map(([name, versions]) => {
      const version = Array.isArray(versions) ? versions[0] : versions;
      return typeof version === 'string' && version ? `${name}=${version}` : name;
    });
    if (names.length === 0) continue;
    const made = task(
      `packages (apt) ${names.join(' ')}`,
      'package',
      { name: names, state: 'present' },
      { register: registerName() },
    );
    for (const name of Object.keys(packages as Mapping)) watchable.packages.set(name, made.register!);
  }
  for (const [name, group] of Object.entries(mapping(config.groups, `config ${configName} groups`))) {
    const gid = (group as Mapping | null)?.gid;
    task(`group ${name}`, 'group', { name, ...(gid !== undefined ? { gid: String(gid) } : {}) });
  }
  for (const [name, raw] of Object.entries(mapping(config.users, `config ${configName} users`))) {
    const user = mapping(raw, `user ${name}`);
    task(`user ${name}`, 'user', {
      name,
      // cfn-init makes non-interactive users.
      shell: '/sbin/nologin',
      append: true,
      ...(user.uid !== undefined ? { uid: String(user.uid) } : {}),
      ...(Array.isArray(user.groups) ? { groups: user.groups.map(String) } : {}),
      ...(typeof user.homeDir === 'string' ? { home: user.homeDir } : {}),
    });
  }
  for (const [dest, url] of Object.entries(mapping(config.sources, `config ${configName} sources`))) {
    const made = task(`source ${dest}`, 'cfn_source', { dest, url: String(url) }, { register: registerName() });
    watchable.sources.set(dest, made.register!);
  }
  for (const [path, raw] of Object.entries(mapping(config.files, `config ${configName} files`))) {
    const file = mapping(raw, `file ${path}`);
    const made = task(`file ${path}`, 'cfn_file', { path, ...file }, { register: registerName() });
    watchable.files.set(path, made.register!);
  }
  for (const name of Object.keys(mapping(config.commands, `config ${configName} commands`)).sort()) {
    const command = mapping((config.commands as Mapping)[name], `command ${name}`);
    const args: Mapping = {};
    if (typeof command.command === 'string') args.cmd = command.command;
    else if (Array.isArray(command.command)) args.argv = command.command.map(String);
    else throw new PlaybookError(`config ${configName}: command ${name} needs a command (text or list)`);
    if (command.env !== undefined) args.env = mapping(command.env, `command ${name} env`);
    if (command.cwd !== undefined) args.chdir = String(command.cwd);
    if (command.test !== undefined) args.test = String(command.test);
    const made = task(`command ${name}`, Array.isArray(command.command) ? 'command' : 'shell', args, {
      register: registerName(),
      ignoreErrors: command.ignoreErrors === true || command.ignoreErrors === 'true',
    });
    watchable.commands.set(name, made.register!);
  }
  for (const [initSystem, services] of Object.entries(mapping(config.services, `config ${configName} services`))) {
    if (initSystem !== 'sysvinit' && initSystem !== 'systemd') {
      throw new PlaybookError(
        `config ${configName}: services of type "${initSystem}" are not supported (sysvinit, systemd)`,
      );
    }
    for (const [name, raw] of Object.entries(mapping(services, `${initSystem} services`))) {
      translateService(name, mapping(raw, `service ${name}`), watchable, task, registerName);
    }
  }
  return tasks;
}

function translateService(
  name: string,
  service: Mapping,
  watchable: Watchable,
  task: (name: string, module: string, args: unknown, extra?: Partial<TaskDefinition>) => TaskDefinition,
  registerName: () => string,
): void {
  const ensureRunning = booleanOf(service.ensureRunning);
  const enabled = booleanOf(service.enabled);
  let started: string | undefined;
  if (ensureRunning !== undefined || enabled !== undefined) {
    started = registerName();
    task(
      `service ${name}`,
      'service',
      {
        name,
        ...(ensureRunning !== undefined ? { state: ensureRunning ? 'started' : 'stopped' } : {}),
        ...(enabled !== undefined ? { enabled } : {}),
      },
      { register: started },
    );
  }
  const watched = [
    ...list(service.files).map((path) => watchable.files.get(path)),
    ...list(service.sources).map((dir) => watchable.sources.get(dir)),
    ...Object.values(mapping(service.packages, `service ${name} packages`)).flatMap((names) =>
      list(names).map((pkg) => watchable.packages.get(pkg)),
    ),
    ...list(service.commands).map((command) => watchable.commands.get(command)),
  ].filter((register): register is string => register !== undefined);
  if (ensureRunning !== true || watched.length === 0) return;
  // Restart when something it watches changed, unless it was only just started with the new state.
  const anyChanged = [...new Set(watched)].map((register) => `${register}.changed`).join(' or ');
  task(
    `restart service ${name} (watched files changed)`,
    'service',
    { name, state: 'restarted' },
    {
      when: `(${anyChanged}) and not ${started}.changed`,
    },
  );
}

function mapping(value: unknown, what: string): Mapping {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new PlaybookError(`${what} must be a mapping`);
  return value as Mapping;
}

function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function booleanOf(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  return value === true || value === 'true';
}
