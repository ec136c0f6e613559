import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AccessControl } from '../api/access-control';
import { ApiError } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { tagFilter } from '../api/list-filters';
import { listResponse } from '../api/list-response';
import { cidrList, portRange, protocolParam } from '../api/network-params';
import { AsyncJobService } from '../jobs/async-job.service';
import { NetworkRulePurpose, NetworkRuleRecord, PublicIpRecord, VirtualMachineRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { NetworkRuleView } from '../views/network-rule.view';
import { UserVmView } from '../views/user-vm.view';

const FIREWALL_CMD = 'org.apache.cloudstack.api.command.user.firewall';
const NAT_CMD = 'org.apache.cloudstack.api.command.user.nat';
const LB_CMD = 'org.apache.cloudstack.api.command.user.loadbalancer';
const OPEN_TO_ALL = ['0.0.0.0/0'];
const LB_ALGORITHMS = new Set(['source', 'roundrobin', 'leastconn']);

/** Which rules compete for a public port: firewall rules among themselves, forwarding rules among themselves. */
const conflictClass = (purpose: NetworkRulePurpose) => (purpose === 'Firewall' ? 'firewall' : 'forwarding');

interface RuleKind {
  purpose: NetworkRulePurpose;
  objectName: string;
  cmdPackage: string;
  createCmd: string;
  deleteCmd: string;
  instanceType: string;
  toResponse: (rule: NetworkRuleRecord) => Record<string, unknown>;
}

/** Firewall, port forwarding, static NAT (IP forwarding) and load balancer rules on public addresses. */
@Injectable()
export class NetworkRuleCommands implements CommandFamily {
  private readonly kinds: Record<'firewall' | 'portForwarding' | 'ipForwarding' | 'loadBalancer', RuleKind> = {
    firewall: {
      purpose: 'Firewall',
      objectName: 'firewallrule',
      cmdPackage: FIREWALL_CMD,
      createCmd: 'CreateFirewallRuleCmd',
      deleteCmd: 'DeleteFirewallRuleCmd',
      instanceType: 'FirewallRule',
      toResponse: (rule) => this.view.firewallRule(rule),
    },
    portForwarding: {
      purpose: 'PortForwarding',
      objectName: 'portforwardingrule',
      cmdPackage: FIREWALL_CMD,
      createCmd: 'CreatePortForwardingRuleCmd',
      deleteCmd: 'DeletePortForwardingRuleCmd',
      instanceType: 'FirewallRule',
      toResponse: (rule) => this.view.portForwardingRule(rule),
    },
    ipForwarding: {
      purpose: 'StaticNat',
      objectName: 'ipforwardingrule',
      cmdPackage: NAT_CMD,
      createCmd: 'CreateIpForwardingRuleCmd',
      deleteCmd: 'DeleteIpForwardingRuleCmd',
      instanceType: 'FirewallRule',
      toResponse: (rule) => this.view.ipForwardingRule(rule),
    },
    loadBalancer: {
      purpose: 'LoadBalancing',
      objectName: 'loadbalancer',
      cmdPackage: LB_CMD,
      createCmd: 'CreateLoadBalancerRuleCmd',
      deleteCmd: 'DeleteLoadBalancerRuleCmd',
      instanceType: 'LoadBalancerRule',
      toResponse: (rule) => this.view.loadBalancerRule(rule),
    },
  };

  readonly handlers = {
    createFirewallRule: (p: CommandParameters) => this.createFirewallRule(p),
    deleteFirewallRule: (p: CommandParameters) => this.delete(p, this.kinds.firewall),
    listFirewallRules: (p: CommandParameters) => this.list(p, this.kinds.firewall, 'firewallrule'),
    createPortForwardingRule: (p: CommandParameters) => this.createPortForwardingRule(p),
    deletePortForwardingRule: (p: CommandParameters) => this.delete(p, this.kinds.portForwarding),
    listPortForwardingRules: (p: CommandParameters) => this.list(p, this.kinds.portForwarding, 'portforwardingrule'),
    updatePortForwardingRule: (p: CommandParameters) => this.updatePortForwardingRule(p),
    createIpForwardingRule: (p: CommandParameters) => this.createIpForwardingRule(p),
    deleteIpForwardingRule: (p: CommandParameters) => this.delete(p, this.kinds.ipForwarding),
    listIpForwardingRules: (p: CommandParameters) => this.list(p, this.kinds.ipForwarding, 'ipforwardingrule'),
    createLoadBalancerRule: (p: CommandParameters) => this.createLoadBalancerRule(p),
    deleteLoadBalancerRule: (p: CommandParameters) => this.delete(p, this.kinds.loadBalancer),
    listLoadBalancerRules: (p: CommandParameters) => this.list(p, this.kinds.loadBalancer, 'loadbalancerrule'),
    updateLoadBalancerRule: (p: CommandParameters) => this.updateLoadBalancerRule(p),
    assignToLoadBalancerRule: (p: CommandParameters) => this.changeLoadBalancerMembers(p, 'assign'),
    removeFromLoadBalancerRule: (p: CommandParameters) => this.changeLoadBalancerMembers(p, 'remove'),
    listLoadBalancerRuleInstances: (p: CommandParameters) => this.listLoadBalancerRuleInstances(p),
  };

  readonly asyncCommands = [
    'createFirewallRule',
    'deleteFirewallRule',
    'createPortForwardingRule',
    'deletePortForwardingRule',
    'updatePortForwardingRule',
    'createIpForwardingRule',
    'deleteIpForwardingRule',
    'createLoadBalancerRule',
    'deleteLoadBalancerRule',
    'updateLoadBalancerRule',
    'assignToLoadBalancerRule',
    'removeFromLoadBalancerRule',
  ];

  constructor(
    private readonly state: SimulatorState,
    private readonly jobs: AsyncJobService,
    private readonly access: AccessControl,
    private readonly view: NetworkRuleView,
    private readonly vmView: UserVmView,
  ) {}

  private address(p: CommandParameters, name: string): PublicIpRecord {
    return this.access.owned(
      p,
      name,
      (id) => {
        const ip = this.state.publicIps.get(id);
        return ip && !ip.removed ? ip : undefined;
      },
      'PublicIpAddress',
    );
  }

  private vm(p: CommandParameters): VirtualMachineRecord {
    return this.access.owned(p, 'virtualmachineid', (id) => this.state.findLiveVirtualMachine(id), 'VirtualMachine');
  }

  private createFirewallRule(p: CommandParameters) {
    const ip = this.address(p, 'ipaddressid');
    const protocol = protocolParam(p);
    const rule = this.newRule(p, ip, 'Firewall', protocol, cidrList(p, OPEN_TO_ALL));
    if (protocol === 'tcp' || protocol === 'udp')
      Object.assign(rule, portRange(p.integer('startport'), p.integer('endport')));
    if (protocol === 'icmp')
      Object.assign(rule, { icmptype: p.integer('icmptype') ?? -1, icmpcode: p.integer('icmpcode') ?? -1 });
    return this.create(p, this.kinds.firewall, rule);
  }

  private createPortForwardingRule(p: CommandParameters) {
    const ip = this.address(p, 'ipaddressid');
    if (ip.staticNatVmId) {
      throw ApiError.networkRuleConflict(
        `Can't create port forwarding rule as ip ${ip.ipaddress} has static nat enabled`,
      );
    }
    const vm = this.vm(p);
    const protocol = protocolParam(p);
    if (protocol !== 'tcp' && protocol !== 'udp')
      throw ApiError.invalidParameter(`Invalid protocol ${protocol} for port forwarding`);
    const pub = portRange(p.requiredInteger('publicport'), p.integer('publicendport'));
    const priv = portRange(p.requiredInteger('privateport'), p.integer('privateendport'));
    if (pub.endport - pub.startport !== priv.endport - priv.startport) {
      throw ApiError.invalidParameter('Private port range and public port range should be of the same length');
    }
    const cidrs = cidrList(p, OPEN_TO_ALL);
    const rule = this.newRule(p, ip, 'PortForwarding', protocol, cidrs);
    Object.assign(rule, { ...pub, virtualmachineid: vm.id, privateport: priv.startport, privateendport: priv.endport });
    const answer = this.create(p, this.kinds.portForwarding, rule);
    if (p.flag('openfirewall', true)) this.openFirewall(p, ip, protocol, pub, cidrs, rule.id);
    return answer;
  }

  private createIpForwardingRule(p: CommandParameters) {
    const ip = this.address(p, 'ipaddressid');
    if (!ip.staticNatVmId) {
      throw ApiError.invalidParameter(`Unable to create ip forwarding rule; ip id=${ip.id} has static nat disabled`);
    }
    const protocol = protocolParam(p);
    const rule = this.newRule(p, ip, 'StaticNat', protocol, OPEN_TO_ALL);
    const range = portRange(p.requiredInteger('startport'), p.integer('endport'));
    Object.assign(rule, range);
    const answer = this.create(p, this.kinds.ipForwarding, rule);
    if (p.flag('openfirewall', true)) this.openFirewall(p, ip, protocol, range, OPEN_TO_ALL, rule.id);
    return answer;
  }

  private createLoadBalancerRule(p: CommandParameters) {
    const ip = this.address(p, 'publicipid');
    if (ip.staticNatVmId) {
      throw ApiError.networkRuleConflict(
        `Can't create load balancer rule as ip ${ip.ipaddress} has static nat enabled`,
      );
    }
    const name = p.required('name');
    const algorithm = p.required('algorithm').toLowerCase();
    if (!LB_ALGORITHMS.has(algorithm)) throw ApiError.invalidParameter(`Invalid algorithm: ${algorithm}`);
    const publicPort = portRange(p.requiredInteger('publicport'), undefined);
    const privatePort = portRange(p.requiredInteger('privateport'), undefined);
    const protocol = protocolParam(p, 'tcp');
    const cidrs = cidrList(p, OPEN_TO_ALL);
    const rule = this.newRule(p, ip, 'LoadBalancing', protocol, cidrs);
    Object.assign(rule, {
      ...publicPort,
      privateport: privatePort.startport,
      privateendport: privatePort.endport,
      name,
      description: p.optional('description'),
      algorithm,
      virtualmachineids: [],
    });
    const answer = this.create(p, this.kinds.loadBalancer, rule);
    if (p.flag('openfirewall', true)) this.openFirewall(p, ip, protocol, publicPort, cidrs, rule.id);
    return answer;
  }

  private newRule(
    p: CommandParameters,
    ip: PublicIpRecord,
    purpose: NetworkRulePurpose,
    protocol: string,
    cidrlist: string[],
  ) {
    return {
      id: randomUUID(),
      accountid: ip.accountid,
      created: new Date(),
      purpose,
      ipaddressid: ip.id,
      protocol,
      cidrlist,
    } as NetworkRuleRecord;
  }

  /** Checks conflicts at once (as FirewallManager does before the job), records the rule, applies it in the job. */
  private create(p: CommandParameters, kind: RuleKind, rule: NetworkRuleRecord) {
    this.detectConflict(rule);
    this.state.networkRules.set(rule.id, rule);
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${kind.cmdPackage}.${kind.createCmd}`,
      account: p.caller,
      instanceType: kind.instanceType,
      instanceId: rule.id,
      run: async () => ({ [kind.objectName]: kind.toResponse(rule) }),
    });
    return { id: rule.id, jobid: job.jobid };
  }

  /** The firewall rule that `openfirewall=true` adds next to a forwarding rule, unless an identical one exists. */
  private openFirewall(
    p: CommandParameters,
    ip: PublicIpRecord,
    protocol: string,
    range: { startport: number; endport: number },
    cidrlist: string[],
    related: string,
  ) {
    const exists = [...this.state.networkRules.values()].some(
      (r) =>
        r.ipaddressid === ip.id &&
        r.purpose === 'Firewall' &&
        r.protocol === protocol &&
        r.startport === range.startport &&
        r.endport === range.endport,
    );
    if (exists) return;
    const rule = this.newRule(p, ip, 'Firewall', protocol, cidrlist);
    Object.assign(rule, range, { related });
    this.state.networkRules.set(rule.id, rule);
  }

  private detectConflict(rule: NetworkRuleRecord): void {
    if (rule.startport === undefined) return;
    for (const other of this.state.networkRules.values()) {
      if (other.ipaddressid !== rule.ipaddressid || other.startport === undefined) continue;
      if (conflictClass(other.purpose) !== conflictClass(rule.purpose)) continue;
      if (other.protocol !== rule.protocol && other.protocol !== 'all' && rule.protocol !== 'all') continue;
      if (rule.purpose === 'Firewall' && other.cidrlist.join(',') !== rule.cidrlist.join(',')) continue;
      if (rule.startport <= other.endport! && other.startport <= rule.endport!) {
        throw ApiError.networkRuleConflict(
          `The range specified, ${rule.startport}-${rule.endport}, conflicts with rule ${other.id} which has ${other.startport}-${other.endport}`,
        );
      }
    }
  }

  /** UpdatePortForwardingRuleCmd: the private side (ports, VM) changes; the public side is the rule's identity. */
  private updatePortForwardingRule(p: CommandParameters) {
    const rule = this.findRule(p, this.kinds.portForwarding);
    const vm = p.optional('virtualmachineid') !== undefined ? this.vm(p) : undefined;
    const start = p.integer('privateport') ?? rule.privateport!;
    const priv = portRange(
      start,
      p.integer('privateendport') ??
        (p.integer('privateport') !== undefined ? start + (rule.endport! - rule.startport!) : rule.privateendport),
    );
    if (priv.endport - priv.startport !== rule.endport! - rule.startport!) {
      throw ApiError.invalidParameter('Private port range and public port range should be of the same length');
    }
    return this.update(p, this.kinds.portForwarding, rule, 'UpdatePortForwardingRuleCmd', () => {
      Object.assign(rule, { privateport: priv.startport, privateendport: priv.endport });
      if (vm) rule.virtualmachineid = vm.id;
    });
  }

  /** UpdateLoadBalancerRuleCmd: name, description and algorithm. */
  private updateLoadBalancerRule(p: CommandParameters) {
    const rule = this.findRule(p, this.kinds.loadBalancer);
    const algorithm = p.optional('algorithm')?.toLowerCase();
    if (algorithm !== undefined && !LB_ALGORITHMS.has(algorithm))
      throw ApiError.invalidParameter(`Invalid algorithm: ${algorithm}`);
    const name = p.optional('name');
    const description = p.optional('description');
    return this.update(p, this.kinds.loadBalancer, rule, 'UpdateLoadBalancerRuleCmd', () => {
      if (name !== undefined) rule.name = name;
      if (description !== undefined) rule.description = description;
      if (algorithm !== undefined) rule.algorithm = algorithm;
    });
  }

  private update(p: CommandParameters, kind: RuleKind, rule: NetworkRuleRecord, cmdClass: string, change: () => void) {
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${kind.cmdPackage}.${cmdClass}`,
      account: p.caller,
      instanceType: kind.instanceType,
      instanceId: rule.id,
      run: async () => {
        change();
        return { [kind.objectName]: kind.toResponse(rule) };
      },
    });
    return { jobid: job.jobid };
  }

  private findRule(p: CommandParameters, kind: RuleKind): NetworkRuleRecord {
    return this.access.owned(
      p,
      'id',
      (id) => {
        const rule = this.state.networkRules.get(id);
        return rule?.purpose === kind.purpose ? rule : undefined;
      },
      kind.instanceType,
    );
  }

  private delete(p: CommandParameters, kind: RuleKind) {
    const rule = this.findRule(p, kind);
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${kind.cmdPackage}.${kind.deleteCmd}`,
      account: p.caller,
      instanceType: kind.instanceType,
      instanceId: rule.id,
      run: async () => {
        const gone = [
          rule.id,
          ...[...this.state.networkRules.values()].filter((r) => r.related === rule.id).map((r) => r.id),
        ];
        for (const id of gone) this.state.networkRules.delete(id);
        this.state.tags = this.state.tags.filter((tag) => !gone.includes(tag.resourceid));
        return { success: true };
      },
    });
    return { jobid: job.jobid };
  }

  private list(p: CommandParameters, kind: RuleKind, objectName: string) {
    const id = p.entity('id', (value) => this.state.networkRules.get(value))?.id;
    const ipId = p.optional(kind.purpose === 'LoadBalancing' ? 'publicipid' : 'ipaddressid');
    const vmId = p.optional('virtualmachineid');
    const name = p.optional('name');
    const tagged = tagFilter(p, this.state);
    const rules = [...this.state.networkRules.values()]
      .filter((r) => r.purpose === kind.purpose)
      .filter(this.access.listFilter(p))
      .filter((r) => (!id || r.id === id) && (!ipId || r.ipaddressid === ipId) && (!name || r.name === name))
      .filter(
        (r) =>
          !vmId ||
          r.virtualmachineid === vmId ||
          r.virtualmachineids?.includes(vmId) ||
          this.state.publicIps.get(r.ipaddressid)?.staticNatVmId === vmId,
      )
      .filter((r) => tagged(r.id))
      .map((r) => kind.toResponse(r));
    return listResponse(objectName, rules, p);
  }

  private changeLoadBalancerMembers(p: CommandParameters, change: 'assign' | 'remove') {
    const rule = this.findRule(p, this.kinds.loadBalancer);
    const vms = (p.list('virtualmachineids') ?? []).map((id) => {
      const vm = this.state.findLiveVirtualMachine(id);
      if (!vm) throw ApiError.invalidParameterValue(p.command, 'virtualmachineids', id);
      this.access.check(p.caller, vm, `VirtualMachine ${id}`);
      return vm;
    });
    if (vms.length === 0) throw ApiError.missingParameter(p.command, 'virtualmachineids');
    if (change === 'remove') {
      const notMember = vms.find((vm) => !rule.virtualmachineids?.includes(vm.id));
      if (notMember)
        throw ApiError.invalidParameter(`Vm ${notMember.id} is not assigned to load balancer rule ${rule.id}`);
    }
    const cmdClass = change === 'assign' ? 'AssignToLoadBalancerRuleCmd' : 'RemoveFromLoadBalancerRuleCmd';
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${LB_CMD}.${cmdClass}`,
      account: p.caller,
      instanceType: 'LoadBalancerRule',
      instanceId: rule.id,
      run: async () => {
        const ids = vms.map((vm) => vm.id);
        const current = rule.virtualmachineids ?? [];
        rule.virtualmachineids =
          change === 'assign' ? [...new Set([...current, ...ids])] : current.filter((id) => !ids.includes(id));
        return { success: true };
      },
    });
    return { jobid: job.jobid };
  }

  private listLoadBalancerRuleInstances(p: CommandParameters) {
    const rule = this.findRule(p, this.kinds.loadBalancer);
    const vms = (rule.virtualmachineids ?? [])
      .map((id) => this.state.findLiveVirtualMachine(id))
      .filter((vm): vm is VirtualMachineRecord => vm !== undefined)
      .map((vm) => this.vmView.toResponse(vm, p.caller));
    return listResponse('loadbalancerruleinstance', vms, p);
  }
}
