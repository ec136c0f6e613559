import { PlaybookError } from '../playbook/task-definition';

type ConfigSetItem = string | { ConfigSet: string };

/**
 * The config keys cfn-init would run, in order: the named config sets (cfn-init's -c; default: `default`) expanded,
 * nested `{ConfigSet: name}` references included. Without configSets there is one implicit set, `default`, holding
 * the single key `config` (when it exists).
 */
export function resolveConfigKeys(init: Record<string, unknown>, requested?: string[]): string[] {
  const configSets = (init.configSets ?? { default: init.config !== undefined ? ['config'] : [] }) as Record<
    string,
    ConfigSetItem | ConfigSetItem[]
  >;
  const keys: string[] = [];
  const expand = (name: string, path: string[]) => {
    if (path.includes(name))
      throw new PlaybookError(`configSet "${name}" refers to itself (${[...path, name].join(' -> ')})`);
    const set = configSets[name];
    if (set === undefined) {
      throw new PlaybookError(
        `configSet "${name}" is not defined` +
          (path.length || requested?.length
            ? ''
            : ' (cfn-init runs "default" unless UserData\'s cfn-init call names others with -c/--configsets, or CloudStack::Configure.configSets does)'),
      );
    }
    for (const item of Array.isArray(set) ? set : [set]) {
      if (typeof item === 'string') {
        if (init[item] === undefined)
          throw new PlaybookError(`configSet "${name}" names config "${item}", which is not defined`);
        keys.push(item);
      } else if (item && typeof item === 'object' && typeof item.ConfigSet === 'string') {
        expand(item.ConfigSet, [...path, name]);
      } else {
        throw new PlaybookError(`configSet "${name}" has an item that is neither a config name nor {ConfigSet: name}`);
      }
    }
  };
  for (const name of requested?.length ? requested : ['default']) expand(name, []);
  return keys;
}
