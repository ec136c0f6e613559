import { cfnInitTasks } from '../cfn-init/cfn-init-tasks';
import { CFN_INIT_METADATA_KEY, readConfigureSpec } from './configure-metadata';
import { RoleLoader } from './role-loader';
import { Play, PlaybookError } from './task-definition';
import { parseTaskList } from './task-parser';

/**
 * One play from a resource's Metadata: cfn-init's configs first (the config sets `CloudStack::Configure.configSets`
 * names, else those UserData's cfn-init call names, else cfn-init's default), then the roles' tasks, then the Metadata's own
 * tasks; handlers of the roles and of the Metadata run at the end when notified. Every notify must name a handler.
 */
export async function buildPlay(
  metadata: Record<string, unknown>,
  roles: RoleLoader,
  knownModules: ReadonlySet<string>,
  userDataConfigSets?: string[],
): Promise<Play> {
  const spec = readConfigureSpec(metadata);
  const play: Play = {
    tasks: cfnInitTasks(metadata[CFN_INIT_METADATA_KEY], spec.configSets ?? userDataConfigSets),
    handlers: [],
    vars: {},
  };
  const defaults: Record<string, unknown> = {};
  for (const reference of spec.roles) {
    const role = await roles.load(reference.name, reference.params);
    Object.assign(defaults, role.defaults);
    play.tasks.push(...role.tasks);
    play.handlers.push(...role.handlers);
  }
  play.tasks.push(...parseTaskList(spec.tasks, { label: 'tasks' }, knownModules, 'tasks'));
  play.handlers.push(...parseTaskList(spec.handlers, { label: 'handler' }, knownModules, 'handlers'));
  play.vars = { ...defaults, ...spec.vars };
  const topics = new Set(play.handlers.flatMap((handler) => [handler.name, ...handler.listen]));
  for (const task of [...play.tasks, ...play.handlers]) {
    for (const name of task.notify) {
      if (!topics.has(name))
        throw new PlaybookError(`task "${task.name}" notifies "${name}", but no handler has that name`);
    }
  }
  return play;
}
