import { PlaybookError } from './task-definition';

/** The metadata key for our Ansible-style configuration. */
export const CONFIGURE_METADATA_KEY = 'CloudStack::Configure';
export const CFN_INIT_METADATA_KEY = 'AWS::CloudFormation::Init';

export interface RoleReference {
  name: string;
  params: Record<string, unknown>;
}

/**
 * `CloudStack::Configure`: { vars, roles, tasks, handlers, configSets, group } (a bare list is a task list).
 * `group` is read by the planner (members are configured together and see each other in `groups`), not here.
 */
export interface ConfigureSpec {
  vars: Record<string, unknown>;
  roles: RoleReference[];
  tasks: unknown[];
  handlers: unknown[];
  /** Which AWS::CloudFormation::Init configSets to run (cfn-init's -c); default `default`. */
  configSets?: string[];
}

export function readConfigureSpec(metadata: Record<string, unknown>): ConfigureSpec {
  const raw = metadata[CONFIGURE_METADATA_KEY];
  if (raw === undefined || raw === null) return { vars: {}, roles: [], tasks: [], handlers: [] };
  if (Array.isArray(raw)) return { vars: {}, roles: [], tasks: raw, handlers: [] };
  if (typeof raw !== 'object') throw new PlaybookError(`${CONFIGURE_METADATA_KEY} must be a mapping or a task list`);
  const spec = raw as Record<string, unknown>;
  const unknown = Object.keys(spec).filter(
    (key) => !['vars', 'roles', 'tasks', 'handlers', 'configSets', 'group'].includes(key),
  );
  if (unknown.length) throw new PlaybookError(`${CONFIGURE_METADATA_KEY} has unknown keys: ${unknown.join(', ')}`);
  return {
    vars: mappingOf(spec.vars, 'vars'),
    roles: listOf(spec.roles, 'roles').map(roleReference),
    tasks: listOf(spec.tasks, 'tasks'),
    handlers: listOf(spec.handlers, 'handlers'),
    configSets:
      spec.configSets === undefined
        ? undefined
        : typeof spec.configSets === 'string'
          ? [spec.configSets]
          : listOf(spec.configSets, 'configSets').map(String),
  };
}

/** `- zookeeper` or `- { role: zookeeper, vars: {...} }` or `- { role: zookeeper, zk_port: 2181 }`. */
function roleReference(raw: unknown): RoleReference {
  if (typeof raw === 'string') return { name: raw, params: {} };
  if (raw && typeof raw === 'object' && typeof (raw as Record<string, unknown>).role === 'string') {
    const { role, vars, ...inline } = raw as Record<string, unknown>;
    return { name: role as string, params: { ...inline, ...mappingOf(vars, `role ${role} vars`) } };
  }
  throw new PlaybookError(`${CONFIGURE_METADATA_KEY}.roles items are role names or { role: name, vars: {...} }`);
}

function mappingOf(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new PlaybookError(`${CONFIGURE_METADATA_KEY}.${what} must be a mapping`);
  return value as Record<string, unknown>;
}

function listOf(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PlaybookError(`${CONFIGURE_METADATA_KEY}.${what} must be a list`);
  return value;
}
