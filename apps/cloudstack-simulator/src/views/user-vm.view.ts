import { formatCloudStackDate } from '@cfn/cloudstack';
import { Injectable } from '@nestjs/common';

import { HostPlanner } from '../capacity/host-planner';
import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { AccountRegistry } from '../state/account-registry';
import { AccountRecord, AffinityGroupRecord, SecurityGroupRecord, VirtualMachineRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { SecurityGroupView } from './security-group.view';
import { TagView } from './tag.view';

/** States in which the VM is on its host (CloudStack shows hostid only then). */
const ON_A_HOST = new Set(['Starting', 'Running', 'Stopping']);

/** A VM as listVirtualMachines and VM job results show it (UserVmResponse). */
@Injectable()
export class UserVmView {
  constructor(
    private readonly catalogue: SimulatorCatalogue,
    private readonly state: SimulatorState,
    private readonly accounts: AccountRegistry,
    private readonly securityGroups: SecurityGroupView,
    private readonly tags: TagView,
    private readonly hosts: HostPlanner,
  ) {}

  /** `viewer` decides the admin-only fields (hostid, hostname, instancename), as @Param(authorized=Admin) does. */
  toResponse(vm: VirtualMachineRecord, viewer?: AccountRecord): Record<string, unknown> {
    const { zone } = this.catalogue;
    const owner = this.accounts.ownerOf(vm);
    const asAdmin = viewer?.isAdmin ?? true;
    const template = this.catalogue.findTemplate(vm.templateid);
    const offering = this.catalogue.findServiceOffering(vm.serviceofferingid);
    const groups = (vm.securitygroupids ?? [])
      .map((id) => this.state.securityGroups.get(id))
      .filter((g): g is SecurityGroupRecord => g !== undefined);
    const affinity = (vm.affinitygroupids ?? [])
      .map((id) => this.state.affinityGroups.get(id))
      .filter((g): g is AffinityGroupRecord => g !== undefined);
    const publicIp = this.state.staticNatAddressOf(vm.id);
    const keypairs = vm.keypairs ?? (vm.keypair ? [vm.keypair] : []);
    const host = this.hosts.find(vm.hostid);
    return {
      id: vm.id,
      name: vm.name,
      displayname: vm.displayname,
      account: owner.name,
      userid: owner.userid,
      username: owner.username,
      domainid: owner.domainid,
      domain: owner.domain,
      created: formatCloudStackDate(vm.created),
      state: vm.state,
      haenable: false,
      zoneid: vm.zoneid,
      zonename: zone.name,
      ...(asAdmin && host && ON_A_HOST.has(vm.state) ? { hostid: host.id, hostname: host.name } : {}),
      templateid: vm.templateid,
      templatename: template?.name,
      templatedisplaytext: template?.displaytext,
      passwordenabled: false,
      serviceofferingid: vm.serviceofferingid,
      serviceofferingname: offering?.name,
      cpunumber: offering?.cpunumber,
      cpuspeed: offering?.cpuspeed,
      memory: offering?.memory,
      guestosid: template?.ostypeid,
      ostypeid: template?.ostypeid,
      rootdeviceid: 0,
      rootdevicetype: 'ROOT',
      hypervisor: 'KVM',
      ...(asAdmin ? { instancename: `i-${owner.internalId}-${vm.internalId}-VM` } : {}),
      ...(keypairs.length ? { keypair: keypairs[0], keypairs: keypairs.join(',') } : {}),
      ...(publicIp ? { publicip: publicIp.ipaddress, publicipid: publicIp.id } : {}),
      nic: vm.nic.map((nic, index) => ({
        id: nic.id,
        networkid: nic.networkid,
        ...this.networkOf(nic.networkid),
        ipaddress: nic.ipaddress,
        traffictype: 'Guest',
        isdefault: index === 0,
        macaddress: nic.macaddress,
        deviceid: String(index),
        secondaryip: [],
        extradhcpoption: [],
      })),
      securitygroup: groups.map((group) => this.securityGroups.summary(group)),
      affinitygroup: affinity.map((group) => ({
        id: group.id,
        name: group.name,
        type: group.type,
        ...(group.description ? { description: group.description } : {}),
      })),
      tags: this.tags.tagsOf(vm.id),
      isdynamicallyscalable: true,
    };
  }

  /** The NIC's network as NicResponse names it: a created (Isolated) network or the zone's shared one. */
  private networkOf(networkId: string) {
    const created = this.state.networks.get(networkId);
    if (created)
      return { networkname: created.name, netmask: created.netmask, gateway: created.gateway, type: 'Isolated' };
    const shared = this.catalogue.guestNetwork;
    return { networkname: shared.name, netmask: shared.netmask, gateway: shared.gateway, type: 'Shared' };
  }
}
