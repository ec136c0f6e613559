import { Injectable } from '@nestjs/common';
import { formatCloudStackDate } from '@cfn/cloudstack';
import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { stableUuid } from '../catalogue/stable-uuid';
import { VirtualMachineRecord } from '../state/records';

const SIMULATED_HOST = { hostid: stableUuid('host', 'sim-host-1'), hostname: 'sim-host-1' };
const ON_A_HOST = new Set(['Starting', 'Running', 'Stopping']);

/** A VM as listVirtualMachines and VM job results show it (UserVmResponse). */
@Injectable()
export class VirtualMachineView {
  constructor(private readonly catalogue: SimulatorCatalogue) {}

  toResponse(vm: VirtualMachineRecord): Record<string, unknown> {
    const { admin, zone, guestNetwork } = this.catalogue;
    const template = this.catalogue.findTemplate(vm.templateid);
    const offering = this.catalogue.findServiceOffering(vm.serviceofferingid);
    return {
      id: vm.id,
      name: vm.name,
      displayname: vm.displayname,
      account: admin.account,
      userid: admin.userid,
      username: admin.username,
      domainid: admin.domainid,
      domain: admin.domain,
      created: formatCloudStackDate(vm.created),
      state: vm.state,
      haenable: false,
      zoneid: vm.zoneid,
      zonename: zone.name,
      ...(ON_A_HOST.has(vm.state) ? SIMULATED_HOST : {}),
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
      instancename: `i-2-${vm.internalId}-VM`,
      ...(vm.keypair ? { keypair: vm.keypair } : {}),
      nic: vm.nic.map((nic, index) => ({
        id: nic.id,
        networkid: nic.networkid,
        networkname: guestNetwork.name,
        netmask: guestNetwork.netmask,
        gateway: guestNetwork.gateway,
        ipaddress: nic.ipaddress,
        traffictype: 'Guest',
        type: 'Shared',
        isdefault: index === 0,
        macaddress: nic.macaddress,
        deviceid: String(index),
      })),
      securitygroup: [],
      affinitygroup: [],
      tags: [],
      isdynamicallyscalable: false,
    };
  }
}
