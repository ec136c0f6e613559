import { CloudStackClient } from '@cfn/cloudstack';

import { ResourcePropertyError } from '../resource-type-plugin';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const LISTS = {
  security: {
    command: 'listSecurityGroups',
    itemKey: 'securitygroup',
    nameParam: 'securitygroupname',
    label: 'Security group',
  },
  affinity: { command: 'listAffinityGroups', itemKey: 'affinitygroup', nameParam: 'name', label: 'Affinity group' },
} as const;

/** Security or affinity groups given by id or by name, as the ids deployVirtualMachine takes. */
export async function resolveGroupIds(
  cloud: CloudStackClient,
  kind: keyof typeof LISTS,
  references: string[],
): Promise<string[]> {
  const list = LISTS[kind];
  return Promise.all(
    references.map(async (reference) => {
      if (UUID.test(reference)) return reference;
      const group = await cloud.findOne<{ id: string; name: string }>(
        list.command,
        { [list.nameParam]: reference },
        list.itemKey,
        (candidate) => candidate.name === reference,
      );
      if (!group) throw new ResourcePropertyError(`${list.label} '${reference}' does not exist in the cloud`);
      return group.id;
    }),
  );
}
