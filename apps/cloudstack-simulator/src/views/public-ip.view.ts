import { formatCloudStackDate } from '@cfn/cloudstack';
import { Injectable } from '@nestjs/common';

import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { AccountRegistry } from '../state/account-registry';
import { PublicIpRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { ownerFields } from './owner-fields';
import { TagView } from './tag.view';

/** IPAddressResponse. */
@Injectable()
export class PublicIpView {
  constructor(
    private readonly catalogue: SimulatorCatalogue,
    private readonly state: SimulatorState,
    private readonly accounts: AccountRegistry,
    private readonly tags: TagView,
  ) {}

  toResponse(ip: PublicIpRecord): Record<string, unknown> {
    const vm = ip.staticNatVmId ? this.state.virtualMachines.get(ip.staticNatVmId) : undefined;
    const network = this.catalogue.findNetwork(ip.networkid);
    return {
      id: ip.id,
      ipaddress: ip.ipaddress,
      allocated: formatCloudStackDate(ip.created),
      zoneid: ip.zoneid,
      zonename: this.catalogue.zone.name,
      issourcenat: false,
      ...ownerFields(this.accounts.ownerOf(ip)),
      forvirtualnetwork: true,
      isstaticnat: vm !== undefined,
      issystem: false,
      ...(vm
        ? {
            virtualmachineid: vm.id,
            virtualmachinename: vm.name,
            virtualmachinedisplayname: vm.displayname,
            vmipaddress: vm.nic[0]?.ipaddress,
          }
        : {}),
      associatednetworkid: ip.networkid,
      associatednetworkname: network?.name,
      state: 'Allocated',
      isportable: false,
      fordisplay: true,
      tags: this.tags.tagsOf(ip.id),
    };
  }
}
