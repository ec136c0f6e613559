import { CloudStackClient } from '../../libs/cloudstack/src';

interface Tagged {
  id?: string;
  tags?: Array<{ key?: string; value?: string }>;
}

const KINDS = {
  virtualMachines: ['listVirtualMachines', 'virtualmachine'],
  volumes: ['listVolumes', 'volume'],
  publicIps: ['listPublicIpAddresses', 'publicipaddress'],
  securityGroups: ['listSecurityGroups', 'securitygroup'],
} as const;

export type StackObjectKind = keyof typeof KINDS;

/** The cloud objects of one kind that carry the stack's `cfn:stack-id` tag (every account, as the administrator). */
export async function taggedWithStack<T extends object = Tagged>(
  cloud: CloudStackClient,
  kind: StackObjectKind,
  stackId: string,
): Promise<Array<T & Tagged>> {
  const [command, key] = KINDS[kind];
  const items = await cloud.listAll<T & Tagged>(command, { listall: true }, key);
  return items.filter((item) => item.tags?.some((tag) => tag.key === 'cfn:stack-id' && tag.value === stackId));
}

/** Every VM, volume, public IP and security group of the stack still in the cloud. */
export async function stackObjectsLeft(
  cloud: CloudStackClient,
  stackId: string,
): Promise<Record<StackObjectKind, number>> {
  const counts = {} as Record<StackObjectKind, number>;
  for (const kind of Object.keys(KINDS) as StackObjectKind[])
    counts[kind] = (await taggedWithStack(cloud, kind, stackId)).length;
  return counts;
}
