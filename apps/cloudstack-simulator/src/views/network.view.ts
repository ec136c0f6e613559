import { Injectable } from '@nestjs/common';

import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { stableUuid } from '../catalogue/stable-uuid';
import { AccountRegistry } from '../state/account-registry';
import { NetworkRecord } from '../state/records';
import { ownerFields } from './owner-fields';
import { TagView } from './tag.view';

/** NetworkResponse of a network an account created (the shared guest network's comes from the catalogue). */
@Injectable()
export class NetworkView {
  constructor(
    private readonly catalogue: SimulatorCatalogue,
    private readonly accounts: AccountRegistry,
    private readonly tags: TagView,
  ) {}

  toResponse(network: NetworkRecord): Record<string, unknown> {
    const offering = this.catalogue.findNetworkOffering(network.networkofferingid)!;
    return {
      id: network.id,
      name: network.name,
      displaytext: network.displaytext,
      broadcastdomaintype: 'Vlan',
      traffictype: 'Guest',
      gateway: network.gateway,
      netmask: network.netmask,
      cidr: network.cidr,
      zoneid: network.zoneid,
      zonename: this.catalogue.findZone(network.zoneid)?.name,
      networkofferingid: offering.id,
      networkofferingname: offering.name,
      networkofferingdisplaytext: offering.displaytext,
      networkofferingconservemode: true,
      networkofferingavailability: 'Optional',
      issystem: false,
      state: network.state,
      related: network.id,
      dns1: network.gateway,
      type: offering.guestiptype,
      acltype: 'Account',
      ...ownerFields(this.accounts.ownerOf(network)),
      service: offering.services.map((name) => ({ name })),
      networkdomain: network.networkdomain,
      physicalnetworkid: stableUuid('physicalnetwork', 'Sim-Physical-Network'),
      restartrequired: false,
      specifyipranges: false,
      canusefordeploy: true,
      ispersistent: false,
      displaynetwork: true,
      isdefault: false,
      created: formatDate(network.created),
      tags: this.tags.tagsOf(network.id),
    };
  }
}

/** CloudStack's `yyyy-MM-dd'T'HH:mm:ssZ`. */
function formatDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+0000');
}
