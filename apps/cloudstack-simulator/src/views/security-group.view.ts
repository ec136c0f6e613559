import { Injectable } from '@nestjs/common';

import { AccountRegistry } from '../state/account-registry';
import { SecurityGroupRecord, SecurityGroupRuleRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { ownerFields } from './owner-fields';
import { TagView } from './tag.view';

/** SecurityGroupResponse with its SecurityGroupRuleResponses. */
@Injectable()
export class SecurityGroupView {
  constructor(
    private readonly state: SimulatorState,
    private readonly accounts: AccountRegistry,
    private readonly tags: TagView,
  ) {}

  toResponse(group: SecurityGroupRecord, onlyRules?: SecurityGroupRuleRecord[]): Record<string, unknown> {
    const members = this.state.membersOf(group.id);
    return {
      ...this.summary(group, onlyRules),
      virtualmachinecount: members.length,
      virtualmachineids: members.map((vm) => vm.id),
    };
  }

  /**
   * The short form inside a VM's `securitygroup` array: without the members, which are not looked up for it (every
   * VM in a listing would otherwise walk every VM).
   */
  summary(group: SecurityGroupRecord, onlyRules?: SecurityGroupRuleRecord[]): Record<string, unknown> {
    const rules = onlyRules ?? group.rules;
    return {
      id: group.id,
      name: group.name,
      ...(group.description !== undefined ? { description: group.description } : {}),
      ...ownerFields(this.accounts.ownerOf(group)),
      ingressrule: rules.filter((r) => r.direction === 'ingress').map((r) => this.ruleResponse(r)),
      egressrule: rules.filter((r) => r.direction === 'egress').map((r) => this.ruleResponse(r)),
      tags: this.tags.tagsOf(group.id),
    };
  }

  ruleResponse(rule: SecurityGroupRuleRecord): Record<string, unknown> {
    const source = rule.securitygroupid ? this.state.securityGroups.get(rule.securitygroupid) : undefined;
    return {
      ruleid: rule.ruleid,
      protocol: rule.protocol,
      ...(rule.icmptype !== undefined ? { icmptype: rule.icmptype, icmpcode: rule.icmpcode } : {}),
      ...(rule.startport !== undefined ? { startport: rule.startport, endport: rule.endport } : {}),
      ...(rule.cidr !== undefined ? { cidr: rule.cidr } : {}),
      ...(source ? { securitygroupname: source.name, account: this.accounts.ownerOf(source).name } : {}),
      tags: [],
    };
  }
}
