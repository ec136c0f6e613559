import { PlaybookError, TaskDefinition, TaskOrigin } from './task-definition';

const KEYWORDS = new Set([
  'name',
  'when',
  'loop',
  'with_items',
  'with_list',
  'loop_control',
  'notify',
  'listen',
  'register',
  'changed_when',
  'failed_when',
  'ignore_errors',
  'no_log',
  'timeout',
  'vars',
  'args',
  'become',
  'become_user',
  'become_method',
  'tags',
  'check_mode',
  'diff',
]);

const MODULE_PREFIXES = ['ansible.builtin.', 'ansible.legacy.', 'community.general.'];

/** Reads one task written as Ansible writes it (`- name: ... \n  copy: {...}`) into a TaskDefinition. */
export function parseTask(
  raw: unknown,
  origin: TaskOrigin,
  knownModules: ReadonlySet<string>,
  position: string,
): TaskDefinition {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new PlaybookError(`${position}: a task must be a mapping`);
  const task = raw as Record<string, unknown>;
  const moduleKeys = Object.keys(task).filter((key) => !KEYWORDS.has(key));
  if (moduleKeys.length !== 1) {
    const what =
      moduleKeys.length === 0
        ? 'names no module'
        : `names several modules or unknown keywords (${moduleKeys.join(', ')})`;
    throw new PlaybookError(`${position}: task ${describe(task)} ${what}`);
  }
  const moduleKey = moduleKeys[0];
  const module = MODULE_PREFIXES.reduce(
    (name, prefix) => (name.startsWith(prefix) ? name.slice(prefix.length) : name),
    moduleKey,
  );
  if (!knownModules.has(module)) {
    throw new PlaybookError(
      `${position}: unknown module "${moduleKey}" (supported: ${[...knownModules].filter((m) => !m.startsWith('cfn_')).join(', ')})`,
    );
  }
  if (task.become_user !== undefined && task.become_user !== 'root') {
    throw new PlaybookError(`${position}: become_user other than root is not supported; tasks run as root`);
  }
  const loop = task.loop ?? task.with_items ?? task.with_list;
  const loopControl = (task.loop_control ?? {}) as Record<string, unknown>;
  return {
    name: typeof task.name === 'string' && task.name ? task.name : defaultName(module, task[moduleKey]),
    module,
    args: mergeArgs(task[moduleKey], task.args, position),
    when: task.when,
    loop,
    loopVar: typeof loopControl.loop_var === 'string' ? loopControl.loop_var : 'item',
    notify: stringList(task.notify, `${position}: notify`),
    listen: stringList(task.listen, `${position}: listen`),
    register: optionalIdentifier(task.register, `${position}: register`),
    changedWhen: task.changed_when,
    failedWhen: task.failed_when,
    ignoreErrors: task.ignore_errors === true || task.ignore_errors === 'yes' || task.ignore_errors === 'true',
    noLog: task.no_log === true || task.no_log === 'yes' || task.no_log === 'true',
    timeoutSeconds: task.timeout === undefined ? undefined : positiveNumber(task.timeout, `${position}: timeout`),
    checkMode:
      task.check_mode === undefined
        ? undefined
        : task.check_mode === true || task.check_mode === 'yes' || task.check_mode === 'true',
    vars: (task.vars ?? {}) as Record<string, unknown>,
    literal: false,
    origin,
  };
}

export function parseTaskList(
  raw: unknown,
  origin: TaskOrigin,
  knownModules: ReadonlySet<string>,
  where: string,
): TaskDefinition[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new PlaybookError(`${where} must be a list of tasks`);
  return raw.map((task, index) => parseTask(task, origin, knownModules, `${where}[${index}]`));
}

/** Free-form arguments (`shell: echo hi`) stay a string; `args:` is merged into mapping arguments. */
function mergeArgs(moduleArgs: unknown, extra: unknown, position: string): unknown {
  if (extra === undefined) return moduleArgs ?? {};
  if (typeof extra !== 'object' || extra === null) throw new PlaybookError(`${position}: args must be a mapping`);
  if (typeof moduleArgs === 'string') return { _raw_params: moduleArgs, ...extra };
  return { ...((moduleArgs as object) ?? {}), ...extra };
}

function defaultName(module: string, args: unknown): string {
  const summary = typeof args === 'string' ? args : '';
  return summary ? `${module}: ${summary.length > 60 ? `${summary.slice(0, 57)}...` : summary}` : module;
}

function describe(task: Record<string, unknown>): string {
  return typeof task.name === 'string' ? `"${task.name}"` : '(unnamed)';
}

function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw new PlaybookError(`${what} must be a name or a list of names`);
}

function optionalIdentifier(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value))
    throw new PlaybookError(`${what} must be a variable name`);
  return value;
}

function positiveNumber(value: unknown, what: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new PlaybookError(`${what} must be a positive number of seconds`);
  return number;
}
