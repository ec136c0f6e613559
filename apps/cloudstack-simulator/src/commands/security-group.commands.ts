import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AccessControl } from '../api/access-control';
import { ApiError } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { keywordFilter, tagFilter } from '../api/list-filters';
import { listResponse } from '../api/list-response';
import { cidrList, portRange, protocolParam } from '../api/network-params';
import { AsyncJobService } from '../jobs/async-job.service';
import { AccountRegistry } from '../state/account-registry';
import { AccountRecord, SecurityGroupRecord, SecurityGroupRuleRecord, SecurityRuleDirection } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { SecurityGroupView } from '../views/security-group.view';

const SG_CMD = 'org.apache.cloudstack.api.command.user.securitygroup';
const DEFAULT_GROUP = 'default';

type RuleShape = Omit<SecurityGroupRuleRecord, 'ruleid'>;

const sameRule = (a: RuleShape, b: RuleShape) =>
  a.direction === b.direction &&
  a.protocol === b.protocol &&
  a.startport === b.startport &&
  a.endport === b.endport &&
  a.icmptype === b.icmptype &&
  a.icmpcode === b.icmpcode &&
  a.cidr === b.cidr &&
  a.securitygroupid === b.securitygroupid;

@Injectable()
export class SecurityGroupCommands implements CommandFamily {
  readonly handlers = {
    createSecurityGroup: (p: CommandParameters) => this.create(p),
    deleteSecurityGroup: (p: CommandParameters) => this.delete(p),
    listSecurityGroups: (p: CommandParameters) => this.list(p),
    authorizeSecurityGroupIngress: (p: CommandParameters) => this.authorize(p, 'ingress'),
    authorizeSecurityGroupEgress: (p: CommandParameters) => this.authorize(p, 'egress'),
    revokeSecurityGroupIngress: (p: CommandParameters) => this.revoke(p, 'ingress'),
    revokeSecurityGroupEgress: (p: CommandParameters) => this.revoke(p, 'egress'),
  };

  readonly asyncCommands = [
    'authorizeSecurityGroupIngress',
    'authorizeSecurityGroupEgress',
    'revokeSecurityGroupIngress',
    'revokeSecurityGroupEgress',
  ];

  constructor(
    private readonly state: SimulatorState,
    private readonly jobs: AsyncJobService,
    private readonly access: AccessControl,
    private readonly accounts: AccountRegistry,
    private readonly view: SecurityGroupView,
  ) {}

  private groupsOf(account: AccountRecord): SecurityGroupRecord[] {
    return [...this.state.securityGroups.values()].filter((g) => g.accountid === account.id);
  }

  private create(p: CommandParameters) {
    const owner = this.access.actingAccount(p);
    const name = p.required('name');
    if (name.toLowerCase() === DEFAULT_GROUP) {
      throw ApiError.invalidParameter(`The security group name ${DEFAULT_GROUP} is reserved`);
    }
    if (this.groupsOf(owner).some((g) => g.name === name)) {
      throw ApiError.invalidParameter(`Unable to create security group, a group with name ${name} already exists.`);
    }
    const group: SecurityGroupRecord = {
      id: randomUUID(),
      accountid: owner.id,
      created: new Date(),
      name,
      description: p.optional('description'),
      rules: [],
    };
    this.state.securityGroups.set(group.id, group);
    return { securitygroup: this.view.toResponse(group) };
  }

  /** By `id`, or by `name` within the acting account. */
  private findGroup(p: CommandParameters, idParam: string, nameParam: string): SecurityGroupRecord {
    const id = p.optional(idParam);
    const name = p.optional(nameParam);
    if (id && name)
      throw ApiError.invalidParameter(`${idParam} parameter is mutually exclusive with ${nameParam} parameter`);
    if (id) return this.access.owned(p, idParam, (value) => this.state.securityGroups.get(value), 'SecurityGroup');
    if (!name) throw ApiError.invalidParameter(`Either ${idParam} or ${nameParam} is required by ${p.command} command`);
    const owner = this.access.actingAccount(p);
    const group = this.groupsOf(owner).find((g) => g.name === name);
    if (!group) throw ApiError.invalidParameter(`Unable to find security group ${name} in account ${owner.name}`);
    return group;
  }

  private delete(p: CommandParameters) {
    const group = this.findGroup(p, 'id', 'name');
    if (group.name === DEFAULT_GROUP) {
      throw ApiError.invalidParameter(`The network group ${DEFAULT_GROUP} is default group and can't be removed`);
    }
    if (this.state.membersOf(group.id).length > 0) {
      throw ApiError.resourceInUse("Cannot delete group when it's in use by virtual machines");
    }
    const referencing = [...this.state.securityGroups.values()].some(
      (other) => other.id !== group.id && other.rules.some((r) => r.securitygroupid === group.id),
    );
    if (referencing)
      throw ApiError.resourceInUse('Cannot delete group when there are security rules that allow this group');
    this.state.securityGroups.delete(group.id);
    this.state.tags = this.state.tags.filter((tag) => tag.resourceid !== group.id);
    return { success: true };
  }

  private list(p: CommandParameters) {
    const id = p.entity('id', (value) => this.state.securityGroups.get(value))?.id;
    const name = p.optional('securitygroupname');
    const vmId = p.entity('virtualmachineid', (value) => this.state.findLiveVirtualMachine(value))?.id;
    const vmGroups = vmId ? (this.state.findLiveVirtualMachine(vmId)?.securitygroupids ?? []) : undefined;
    const keyword = keywordFilter(p);
    const tagged = tagFilter(p, this.state);
    const groups = [...this.state.securityGroups.values()]
      .filter(this.access.listFilter(p))
      .filter((g) => (!id || g.id === id) && (!name || g.name === name) && (!vmGroups || vmGroups.includes(g.id)))
      .filter((g) => keyword(g.name, g.description) && tagged(g.id))
      .map((g) => this.view.toResponse(g));
    return listResponse('securitygroup', groups, p);
  }

  /** One rule per CIDR and per user security group, as SecurityGroupManagerImpl.authorizeSecurityGroupRule. */
  private authorize(p: CommandParameters, direction: SecurityRuleDirection) {
    const group = this.findGroup(p, 'securitygroupid', 'securitygroupname');
    const protocol = protocolParam(p, 'tcp');
    const shape: Omit<RuleShape, 'cidr' | 'securitygroupid'> = { direction, protocol };
    if (protocol === 'tcp' || protocol === 'udp')
      Object.assign(shape, portRange(p.integer('startport'), p.integer('endport')));
    if (protocol === 'icmp')
      Object.assign(shape, { icmptype: p.integer('icmptype') ?? -1, icmpcode: p.integer('icmpcode') ?? -1 });
    const cidrs = cidrList(p);
    const sources = p.map('usersecuritygrouplist').map((entry) => this.userSecurityGroup(entry.account, entry.group));
    if (cidrs.length === 0 && sources.length === 0) {
      throw ApiError.invalidParameter('At least one cidr or at least one security group needs to be specified');
    }
    const wanted: RuleShape[] = [
      ...cidrs.map((cidr) => ({ ...shape, cidr })),
      ...sources.map((source) => ({ ...shape, securitygroupid: source.id })),
    ];
    const cmdClass = `${direction === 'ingress' ? 'AuthorizeSecurityGroupIngressCmd' : 'AuthorizeSecurityGroupEgressCmd'}`;
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${SG_CMD}.${cmdClass}`,
      account: p.caller,
      instanceType: 'SecurityGroup',
      instanceId: group.id,
      run: async () => {
        const added = wanted
          .filter((rule) => !group.rules.some((existing) => sameRule(existing, rule)))
          .map((rule) => ({ ruleid: randomUUID(), ...rule }));
        if (added.length === 0) throw ApiError.internal(`Failed to authorize security group ${direction} rule(s)`);
        group.rules.push(...added);
        this.state.announceSecurityGroupChange([group.id]);
        return { securitygroup: this.view.toResponse(group, added) };
      },
    });
    return { jobid: job.jobid };
  }

  private userSecurityGroup(accountName: string | undefined, groupName: string | undefined): SecurityGroupRecord {
    const account = accountName ? this.accounts.findByName(accountName) : undefined;
    const group = account && this.groupsOf(account).find((g) => g.name === groupName);
    if (!group)
      throw ApiError.invalidParameter(`Unable to find security group ${groupName} for account ${accountName}`);
    return group;
  }

  private revoke(p: CommandParameters, direction: SecurityRuleDirection) {
    const id = p.required('id');
    const group = [...this.state.securityGroups.values()].find((g) =>
      g.rules.some((r) => r.ruleid === id && r.direction === direction),
    );
    if (!group) throw ApiError.invalidParameterValue(p.command, 'id', id);
    this.access.check(p.caller, group, `SecurityGroup ${group.id}`);
    const cmdClass = direction === 'ingress' ? 'RevokeSecurityGroupIngressCmd' : 'RevokeSecurityGroupEgressCmd';
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${SG_CMD}.${cmdClass}`,
      account: p.caller,
      instanceType: 'SecurityGroup',
      instanceId: group.id,
      run: async () => {
        group.rules = group.rules.filter((r) => r.ruleid !== id);
        this.state.announceSecurityGroupChange([group.id]);
        return { success: true };
      },
    });
    return { jobid: job.jobid };
  }
}
