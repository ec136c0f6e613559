import { GroupMemberV1, ResourceConfigureRequestedV1 } from '@cfn/contracts';
import { Stack, StackResource } from '@cfn/persistence';
import { GroupMember } from '@cfn/resources';
import { TemplateDocument } from '@cfn/template';

import { configurationRequest, creationTimeoutSeconds } from '../../configuration/configuration-request';

/**
 * A member's name in configuration facts and the configurator's inventory: `<GroupLogicalId>-<index>`. Logical ids
 * are alphanumeric, so it never names a resource of the template.
 */
export function memberLogicalId(groupLogicalId: string, index: number): string {
  return `${groupLogicalId}-${index}`;
}

/** Configurator outcomes whose logical id is a member's rather than a resource's. */
export function isMemberLogicalId(logicalId: string): boolean {
  return /^[A-Za-z0-9]+-\d+$/.test(logicalId);
}

/**
 * What the configurator needs for one member of a group: the launch configuration's Metadata (evaluated), the
 * member's address, and the group facts every member sees alike (`groups.<GroupLogicalId>`: every member's
 * logical id, index and address) with its own index in `self`, as configuration groups give them (ADR 12).
 */
export function memberConfigurationRequest(
  stack: Stack,
  group: StackResource,
  launchConfiguration: StackResource,
  all: StackResource[],
  members: GroupMember[],
  member: GroupMember,
  operationId: string,
): ResourceConfigureRequestedV1 {
  const base = configurationRequest(stack, launchConfiguration, all, operationId, null);
  const facts: GroupMemberV1[] = members.map((m) => ({
    logicalId: memberLogicalId(group.logicalId, m.index),
    index: m.index,
    address: m.privateIp,
  }));
  const logicalId = memberLogicalId(group.logicalId, member.index);
  return {
    ...base,
    logicalId,
    resourceType: group.resourceType,
    host: { ...base.host, address: member.privateIp },
    facts: {
      ...base.facts,
      resources: {
        ...base.facts.resources,
        ...Object.fromEntries(
          members.map((m) => [
            memberLogicalId(group.logicalId, m.index),
            {
              physicalId: m.id,
              attributes: { PrivateIp: m.privateIp, PrivateDnsName: m.name, AvailabilityZone: m.availabilityZone },
            },
          ]),
        ),
      },
      groups: { [group.logicalId]: facts },
      self: { logicalId, index: member.index, group: group.logicalId },
    },
    timeoutSeconds: creationTimeoutSeconds(stack.template as TemplateDocument, group.logicalId),
  };
}
