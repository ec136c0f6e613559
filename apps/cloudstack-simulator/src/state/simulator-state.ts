import { EventEmitter } from 'node:events';

import { Inject, Injectable, Optional } from '@nestjs/common';

import { DEFAULT_GUEST_CIDR, GUEST_SUBNET, GuestSubnet, parseGuestSubnet } from '../network/guest-subnet';
import { IpAddressPool } from './ip-address-pool';
import {
  AccountRecord,
  AffinityGroupRecord,
  AsyncJobRecord,
  DomainRecord,
  NetworkRecord,
  NetworkRuleRecord,
  PublicIpRecord,
  SecurityGroupRecord,
  SecurityGroupRuleRecord,
  SnapshotRecord,
  SshKeyPairRecord,
  TagRecord,
  UserRecord,
  VirtualMachineRecord,
  VolumeRecord,
} from './records';

/** A security group rule with its allowed sources resolved to CIDRs (member VMs' addresses for group rules). */
export interface EffectiveSecurityRule extends SecurityGroupRuleRecord {
  cidrs: string[];
}

/**
 * Emitted on `SimulatorState.events` whenever the rules that apply to a VM may have changed (a rule authorized or
 * revoked, a VM joining or leaving a group), with the ids of the security groups concerned.
 */
export const SECURITY_GROUPS_CHANGED = 'securityGroupsChanged';

/** Everything the simulated cloud remembers; in memory, lost on restart. */
@Injectable()
export class SimulatorState {
  readonly virtualMachines = new Map<string, VirtualMachineRecord>();
  readonly jobs = new Map<string, AsyncJobRecord>();
  readonly accounts = new Map<string, AccountRecord>();
  /** Every account's users (deleted ones kept, marked `removed`); AccountRegistry maintains them with the keys. */
  readonly users = new Map<string, UserRecord>();
  readonly domains = new Map<string, DomainRecord>();
  readonly securityGroups = new Map<string, SecurityGroupRecord>();
  readonly sshKeyPairs = new Map<string, SshKeyPairRecord>();
  readonly affinityGroups = new Map<string, AffinityGroupRecord>();
  readonly volumes = new Map<string, VolumeRecord>();
  readonly snapshots = new Map<string, SnapshotRecord>();
  readonly publicIps = new Map<string, PublicIpRecord>();
  readonly networkRules = new Map<string, NetworkRuleRecord>();
  /** Networks accounts created; each hands out its own guest addresses. */
  readonly networks = new Map<string, NetworkRecord>();
  readonly networkAddresses = new Map<string, IpAddressPool>();
  tags: TagRecord[] = [];
  readonly guestAddresses: IpAddressPool;
  /** TEST-NET-3 (RFC 5737): documentation addresses that route nowhere. */
  readonly publicAddresses = new IpAddressPool('203.0.113.10', '203.0.113.250');
  readonly events = new EventEmitter();
  private lastInternalId = 0;
  private readonly lastIds = new Map<string, number>();

  constructor(@Optional() @Inject(GUEST_SUBNET) subnet: GuestSubnet = parseGuestSubnet(DEFAULT_GUEST_CIDR)) {
    this.guestAddresses = new IpAddressPool(subnet.firstGuestAddress, subnet.lastGuestAddress);
  }

  nextInternalId(): number {
    return ++this.lastInternalId;
  }

  /** A per-kind sequence (volumes, accounts, ...), as CloudStack's auto-increment ids. */
  nextId(kind: string): number {
    const next = (this.lastIds.get(kind) ?? 0) + 1;
    this.lastIds.set(kind, next);
    return next;
  }

  /**
   * Live VMs by lower-cased name. Deploys check every new name against it: a scan of all VMs per deploy made a
   * burst of N deploys cost N² (an entry whose VM was expunged since is read as free).
   */
  private readonly virtualMachinesByName = new Map<string, VirtualMachineRecord>();

  addVirtualMachine(vm: VirtualMachineRecord): void {
    this.virtualMachines.set(vm.id, vm);
    this.virtualMachinesByName.set(vm.name.toLowerCase(), vm);
  }

  /** The live VM of this name (CloudStack compares host names without case), if any. */
  liveVirtualMachineNamed(name: string): VirtualMachineRecord | undefined {
    const vm = this.virtualMachinesByName.get(name.toLowerCase());
    return vm && !vm.removed && vm.name.toLowerCase() === name.toLowerCase() ? vm : undefined;
  }

  /** VMs that still exist (not expunged), oldest first. */
  liveVirtualMachines(): VirtualMachineRecord[] {
    return [...this.virtualMachines.values()].filter((vm) => !vm.removed);
  }

  findLiveVirtualMachine(id: string): VirtualMachineRecord | undefined {
    const vm = this.virtualMachines.get(id);
    return vm && !vm.removed ? vm : undefined;
  }

  /** The pool a NIC's address came from: its created network's, or the shared guest network's. */
  addressPoolOf(networkId: string): IpAddressPool {
    return this.networkAddresses.get(networkId) ?? this.guestAddresses;
  }

  /** The OpenSSH public keys of the key pairs a VM was deployed with (what its authorized_keys should hold). */
  publicKeysFor(vm: VirtualMachineRecord): string[] {
    const names = vm.keypairs ?? (vm.keypair ? [vm.keypair] : []);
    const owner = vm.accountid;
    return names
      .map((name) => [...this.sshKeyPairs.values()].find((k) => k.name === name && (!owner || k.accountid === owner)))
      .filter((k): k is SshKeyPairRecord => k !== undefined)
      .map((k) => k.publickey);
  }

  /** The VM's security group rules of one direction, group sources resolved to the member VMs' /32s. */
  securityRulesFor(vm: VirtualMachineRecord, direction: 'ingress' | 'egress'): EffectiveSecurityRule[] {
    const rules: EffectiveSecurityRule[] = [];
    for (const groupId of vm.securitygroupids ?? []) {
      const group = this.securityGroups.get(groupId);
      for (const rule of group?.rules ?? []) {
        if (rule.direction !== direction) continue;
        const cidrs = rule.cidr
          ? [rule.cidr]
          : this.membersOf(rule.securitygroupid).map((member) => `${member.nic[0].ipaddress}/32`);
        rules.push({ ...rule, cidrs });
      }
    }
    return rules;
  }

  /** Live VMs that belong to a security group. */
  membersOf(securityGroupId: string | undefined): VirtualMachineRecord[] {
    if (!securityGroupId) return [];
    return this.liveVirtualMachines().filter((vm) => vm.securitygroupids?.includes(securityGroupId));
  }

  /** The address statically NATed to a VM, if any. */
  staticNatAddressOf(vmId: string): PublicIpRecord | undefined {
    return [...this.publicIps.values()].find((ip) => !ip.removed && ip.staticNatVmId === vmId);
  }

  /**
   * The tags of one object. Every VM in a listing or a job result asks, so they are indexed by object: tags are only
   * ever appended to `tags` or dropped by assigning a filtered copy, so appended records are indexed as they come and
   * a new array is indexed afresh.
   */
  tagsOf(resourceid: string): TagRecord[] {
    if (this.tags !== this.indexedTags || this.tags.length < this.indexedTagCount) {
      this.tagsByResource.clear();
      this.indexedTags = this.tags;
      this.indexedTagCount = 0;
    }
    for (; this.indexedTagCount < this.tags.length; this.indexedTagCount++) {
      const tag = this.tags[this.indexedTagCount];
      const held = this.tagsByResource.get(tag.resourceid);
      if (held) held.push(tag);
      else this.tagsByResource.set(tag.resourceid, [tag]);
    }
    return [...(this.tagsByResource.get(resourceid) ?? [])];
  }

  private readonly tagsByResource = new Map<string, TagRecord[]>();
  private indexedTags: TagRecord[] | null = null;
  private indexedTagCount = 0;

  announceSecurityGroupChange(groupIds: string[]): void {
    this.events.emit(SECURITY_GROUPS_CHANGED, groupIds);
  }
}
