import { Injectable } from '@nestjs/common';

import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { AccountRegistry } from '../state/account-registry';
import { NetworkRuleRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { ownerFields } from './owner-fields';
import { TagView } from './tag.view';

/** FirewallRuleResponse, PortForwardingRuleResponse, IpForwardingRuleResponse and LoadBalancerResponse. */
@Injectable()
export class NetworkRuleView {
  constructor(
    private readonly catalogue: SimulatorCatalogue,
    private readonly state: SimulatorState,
    private readonly accounts: AccountRegistry,
    private readonly tags: TagView,
  ) {}

  firewallRule(rule: NetworkRuleRecord): Record<string, unknown> {
    return {
      id: rule.id,
      protocol: rule.protocol,
      ...(rule.startport !== undefined ? { startport: rule.startport, endport: rule.endport } : {}),
      ...(rule.icmptype !== undefined ? { icmptype: rule.icmptype, icmpcode: rule.icmpcode } : {}),
      ...this.address(rule),
      state: 'Active',
      cidrlist: rule.cidrlist.join(','),
      networkid: this.catalogue.guestNetwork.id,
      fordisplay: true,
      tags: this.tags.tagsOf(rule.id),
    };
  }

  /** Port numbers are strings in PortForwardingRuleResponse. */
  portForwardingRule(rule: NetworkRuleRecord): Record<string, unknown> {
    const vm = rule.virtualmachineid ? this.state.virtualMachines.get(rule.virtualmachineid) : undefined;
    return {
      id: rule.id,
      privateport: String(rule.privateport),
      privateendport: String(rule.privateendport),
      protocol: rule.protocol,
      publicport: String(rule.startport),
      publicendport: String(rule.endport),
      virtualmachineid: vm?.id,
      virtualmachinename: vm?.name,
      virtualmachinedisplayname: vm?.displayname,
      vmguestip: vm?.nic[0]?.ipaddress,
      ...this.address(rule),
      state: 'Active',
      cidrlist: rule.cidrlist.join(','),
      networkid: this.catalogue.guestNetwork.id,
      fordisplay: true,
      tags: this.tags.tagsOf(rule.id),
    };
  }

  ipForwardingRule(rule: NetworkRuleRecord): Record<string, unknown> {
    const ip = this.state.publicIps.get(rule.ipaddressid);
    const vm = ip?.staticNatVmId ? this.state.virtualMachines.get(ip.staticNatVmId) : undefined;
    return {
      id: rule.id,
      protocol: rule.protocol,
      ...(rule.startport !== undefined ? { startport: rule.startport, endport: rule.endport } : {}),
      virtualmachineid: vm?.id,
      virtualmachinename: vm?.name,
      virtualmachinedisplayname: vm?.displayname,
      vmguestip: vm?.nic[0]?.ipaddress,
      ...this.address(rule),
      state: 'Active',
      cidrlist: rule.cidrlist.join(','),
      fordisplay: true,
      tags: this.tags.tagsOf(rule.id),
    };
  }

  loadBalancerRule(rule: NetworkRuleRecord): Record<string, unknown> {
    const ip = this.state.publicIps.get(rule.ipaddressid);
    return {
      id: rule.id,
      name: rule.name,
      ...(rule.description !== undefined ? { description: rule.description } : {}),
      publicipid: rule.ipaddressid,
      publicip: ip?.ipaddress,
      publicport: String(rule.startport),
      privateport: String(rule.privateport),
      algorithm: rule.algorithm,
      cidrlist: rule.cidrlist.join(','),
      ...ownerFields(this.accounts.ownerOf(rule)),
      state: 'Active',
      zoneid: this.catalogue.zone.id,
      zonename: this.catalogue.zone.name,
      protocol: rule.protocol,
      networkid: this.catalogue.guestNetwork.id,
      fordisplay: true,
      tags: this.tags.tagsOf(rule.id),
    };
  }

  private address(rule: NetworkRuleRecord) {
    return { ipaddressid: rule.ipaddressid, ipaddress: this.state.publicIps.get(rule.ipaddressid)?.ipaddress };
  }
}
