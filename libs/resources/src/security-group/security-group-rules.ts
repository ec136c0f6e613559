import { CloudStackClient, CloudStackRequestParams } from '@cfn/cloudstack';

import { ResourcePropertyError } from '../resource-type-plugin';
import { ignoringGone } from '../stack-tagging/stack-tags';

export type RuleDirection = 'ingress' | 'egress';

/** One security group rule in CloudStack's terms: a protocol, a port range (or ICMP type/code) and one source. */
export interface SecurityRule {
  direction: RuleDirection;
  protocol: string;
  startport?: number;
  endport?: number;
  icmptype?: number;
  icmpcode?: number;
  cidr?: string;
  /** A group whose members are the source (ingress) or destination (egress). */
  sourceGroup?: { id?: string; name?: string };
}

interface ListedRule {
  ruleid: string;
  protocol: string;
  startport?: number;
  endport?: number;
  icmptype?: number;
  icmpcode?: number;
  cidr?: string;
  securitygroupname?: string;
}

export interface ListedSecurityGroup {
  id: string;
  name: string;
  account?: string;
  ingressrule?: ListedRule[];
  egressrule?: ListedRule[];
  tags?: Array<{ key?: string; value?: string }>;
}

const numberOf = (value: unknown): number | undefined =>
  value === undefined || value === null || value === '' ? undefined : Number(value);

/** An AWS rule (SecurityGroupIngress/Egress entry or resource) in CloudStack's terms. */
export function ruleFromAws(direction: RuleDirection, rule: Record<string, unknown>): SecurityRule {
  const raw = String(rule.IpProtocol ?? '').toLowerCase();
  const protocol =
    raw === '-1' || raw === 'all' ? 'all' : raw === '6' ? 'tcp' : raw === '17' ? 'udp' : raw === '1' ? 'icmp' : raw;
  if (!protocol) throw new ResourcePropertyError('A security group rule needs IpProtocol');
  const from = numberOf(rule.FromPort);
  const to = numberOf(rule.ToPort);
  const cidr = (rule.CidrIp ?? rule.CidrIpv6 ?? (direction === 'egress' ? rule.DestinationCidrIp : undefined)) as
    string | undefined;
  const groupId = (rule.SourceSecurityGroupId ?? rule.DestinationSecurityGroupId) as string | undefined;
  const groupName = rule.SourceSecurityGroupName as string | undefined;
  if (!cidr && !groupId && !groupName) {
    throw new ResourcePropertyError(
      'A security group rule needs CidrIp, SourceSecurityGroupId or SourceSecurityGroupName',
    );
  }
  const shape: SecurityRule = {
    direction,
    protocol,
    cidr,
    sourceGroup: groupId || groupName ? { id: groupId, name: groupName } : undefined,
  };
  if (protocol === 'icmp') return { ...shape, icmptype: from ?? -1, icmpcode: to ?? -1 };
  if (protocol === 'tcp' || protocol === 'udp') {
    // AWS writes "every port" as -1 or leaves the range out.
    const all = from === undefined || from === -1;
    return { ...shape, startport: all ? 1 : from, endport: all ? 65535 : (to ?? from) };
  }
  return shape;
}

/** A CloudStack::SecurityGroupRule's properties (authorizeSecurityGroupIngress's parameter names). */
export function ruleFromCloudStack(properties: Record<string, unknown>): SecurityRule {
  const direction = String(properties.Type ?? 'ingress').toLowerCase() as RuleDirection;
  const protocol = String(properties.Protocol ?? 'tcp').toLowerCase();
  const cidr = properties.CidrList as string | undefined;
  const group = properties.UserSecurityGroupName as string | undefined;
  const rule: SecurityRule = {
    direction,
    protocol,
    cidr,
    sourceGroup: group ? { name: group } : undefined,
    startport: numberOf(properties.StartPort),
    endport: numberOf(properties.EndPort) ?? numberOf(properties.StartPort),
    icmptype: numberOf(properties.IcmpType),
    icmpcode: numberOf(properties.IcmpCode),
  };
  if (!cidr && !group) throw new ResourcePropertyError('A security group rule needs CidrList or UserSecurityGroupName');
  return rule;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A group named by id or by name. Either field may hold either (AWS's Ref of a group without VpcId is its name, and
 * templates pass it as GroupId or SourceSecurityGroupId as often as the id as a name): a UUID is looked up as an id
 * first, anything else as a name.
 */
export async function findSecurityGroup(
  cloud: CloudStackClient,
  by: { id?: string; name?: string },
): Promise<ListedSecurityGroup | undefined> {
  const reference = by.id || by.name;
  if (!reference) return undefined;
  if (UUID.test(reference)) {
    const groups = await cloud
      .listAll<ListedSecurityGroup>('listSecurityGroups', { id: reference, listall: true }, 'securitygroup')
      .catch((error) => ((error as { errorcode?: number }).errorcode === 431 ? [] : Promise.reject(error)));
    const found = groups.find((group) => group.id === reference);
    if (found) return found;
  }
  const groups = await cloud.listAll<ListedSecurityGroup>(
    'listSecurityGroups',
    { securitygroupname: reference },
    'securitygroup',
  );
  return groups.find((group) => group.name === reference);
}

export async function requireSecurityGroup(
  cloud: CloudStackClient,
  by: { id?: string; name?: string },
): Promise<ListedSecurityGroup> {
  const group = await findSecurityGroup(cloud, by);
  if (!group) throw new ResourcePropertyError(`Security group '${by.id ?? by.name}' does not exist in the cloud`);
  return group;
}

function matches(listed: ListedRule, rule: SecurityRule, sourceName: string | undefined): boolean {
  return (
    listed.protocol === rule.protocol &&
    listed.startport === rule.startport &&
    listed.endport === rule.endport &&
    (rule.protocol !== 'icmp' || (listed.icmptype === rule.icmptype && listed.icmpcode === rule.icmpcode)) &&
    (rule.cidr ? listed.cidr === rule.cidr : listed.securitygroupname === sourceName)
  );
}

/**
 * Makes sure the group has the rule and returns its id. A rule already present (an earlier attempt's) is taken
 * as it is, since CloudStack refuses to authorize the same rule twice.
 */
export async function authorizeRule(
  cloud: CloudStackClient,
  group: ListedSecurityGroup,
  rule: SecurityRule,
): Promise<string> {
  const source = rule.sourceGroup ? await requireSecurityGroup(cloud, rule.sourceGroup) : undefined;
  const present = () => (rule.direction === 'ingress' ? group.ingressrule : group.egressrule) ?? [];
  const existing = present().find((listed) => matches(listed, rule, source?.name));
  if (existing) return existing.ruleid;
  const params: CloudStackRequestParams = {
    securitygroupid: group.id,
    protocol: rule.protocol,
    startport: rule.startport,
    endport: rule.endport,
    icmptype: rule.icmptype,
    icmpcode: rule.icmpcode,
    cidrlist: rule.cidr,
  };
  if (source) {
    params['usersecuritygrouplist[0].account'] = source.account;
    params['usersecuritygrouplist[0].group'] = source.name;
  }
  const command = rule.direction === 'ingress' ? 'authorizeSecurityGroupIngress' : 'authorizeSecurityGroupEgress';
  const { result } = await cloud.executeAsync<{ securitygroup: ListedSecurityGroup }>(command, params);
  const added =
    (rule.direction === 'ingress' ? result.securitygroup.ingressrule : result.securitygroup.egressrule) ?? [];
  const made = added.find((listed) => matches(listed, rule, source?.name)) ?? added[0];
  if (!made) throw new Error(`${command} answered without the rule`);
  return made.ruleid;
}

/** Revokes the group's rule that matches `rule`, if it has one (a retry finds it gone already). */
export async function revokeMatchingRule(
  cloud: CloudStackClient,
  group: ListedSecurityGroup,
  rule: SecurityRule,
): Promise<void> {
  const source = rule.sourceGroup ? await findSecurityGroup(cloud, rule.sourceGroup) : undefined;
  const listed = ((rule.direction === 'ingress' ? group.ingressrule : group.egressrule) ?? []).find((candidate) =>
    matches(candidate, rule, source?.name),
  );
  if (listed) await revokeRule(cloud, rule.direction, listed.ruleid);
}

export async function revokeRule(cloud: CloudStackClient, direction: RuleDirection, ruleId: string): Promise<void> {
  const command = direction === 'ingress' ? 'revokeSecurityGroupIngress' : 'revokeSecurityGroupEgress';
  await ignoringGone(() => cloud.executeAsync(command, { id: ruleId }));
}
