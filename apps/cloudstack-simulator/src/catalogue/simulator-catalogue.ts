import { Inject, Injectable, Optional } from '@nestjs/common';

import { DEFAULT_GUEST_CIDR, GUEST_SUBNET, GuestSubnet, parseGuestSubnet } from '../network/guest-subnet';
import { stableUuid } from './stable-uuid';

/** The catalogue predates any VM; a fixed date keeps listings identical across restarts. */
const CATALOGUE_CREATED = '2026-01-01T00:00:00+0000';

export interface SimulatedAccount {
  accountid: string;
  account: string;
  domainid: string;
  domain: string;
  userid: string;
  username: string;
}

export interface SimulatedZone {
  id: string;
  name: string;
}

export interface SimulatedTemplate {
  id: string;
  name: string;
  displaytext: string;
  ostypeid: string;
  ostypename: string;
  size: number;
}

export interface SimulatedServiceOffering {
  id: string;
  name: string;
  displaytext: string;
  cpunumber: number;
  cpuspeed: number;
  memory: number;
}

export interface SimulatedNetwork {
  id: string;
  name: string;
  cidr: string;
  gateway: string;
  netmask: string;
  networkdomain: string;
  networkofferingid: string;
}

export interface SimulatedDiskOffering {
  id: string;
  name: string;
  displaytext: string;
  /** GiB; 0 for a customized offering, whose size each volume gives. */
  disksize: number;
  iscustomized: boolean;
}

export interface SimulatedNetworkOffering {
  id: string;
  name: string;
  displaytext: string;
  guestiptype: 'Shared' | 'Isolated';
  services: string[];
}

export interface SimulatedHost {
  id: string;
  name: string;
}

const template = (name: string, ostypename: string, sizeGiB: number): SimulatedTemplate => ({
  id: stableUuid('template', name),
  name,
  displaytext: `${ostypename} (simulated)`,
  ostypeid: stableUuid('ostype', ostypename),
  ostypename,
  size: sizeGiB * 1024 ** 3,
});

const offering = (name: string, cpunumber: number, cpuspeed: number, memory: number): SimulatedServiceOffering => ({
  id: stableUuid('serviceoffering', name),
  name,
  displaytext: `${name}: ${cpunumber} vCPU, ${cpuspeed} MHz, ${memory} MB`,
  cpunumber,
  cpuspeed,
  memory,
});

const diskOffering = (name: string, disksize: number): SimulatedDiskOffering => ({
  id: stableUuid('diskoffering', name),
  name,
  displaytext: disksize ? `${name}: ${disksize} GB` : `${name}: size chosen per volume`,
  disksize,
  iscustomized: disksize === 0,
});

/**
 * What the guest network offers. A real SG-enabled shared network has no virtual router rules; the simulator's one
 * also does static NAT, port forwarding, firewall and load balancing so templates can use every resource type.
 */
const GUEST_SERVICES = [
  'Dhcp',
  'Dns',
  'UserData',
  'SecurityGroup',
  'SourceNat',
  'StaticNat',
  'PortForwarding',
  'Firewall',
  'Lb',
];

/** The fixed infrastructure of the simulated cloud: one zone, its guest network, templates and offerings. */
@Injectable()
export class SimulatorCatalogue {
  readonly admin: SimulatedAccount = {
    accountid: stableUuid('account', 'admin'),
    account: 'admin',
    domainid: stableUuid('domain', 'ROOT'),
    domain: 'ROOT',
    userid: stableUuid('user', 'admin'),
    username: 'admin',
  };

  readonly zone: SimulatedZone = { id: stableUuid('zone', 'Sim-Zone-1'), name: 'Sim-Zone-1' };

  readonly guestNetwork: SimulatedNetwork;

  readonly templates: SimulatedTemplate[] = [
    template('debian-12', 'Debian GNU/Linux 12 (64-bit)', 2),
    template('ubuntu-22.04', 'Ubuntu 22.04 LTS', 3),
  ];

  readonly serviceOfferings: SimulatedServiceOffering[] = [
    offering('Small Instance', 1, 500, 512),
    offering('Medium Instance', 1, 1000, 1024),
    offering('Large Instance', 2, 2000, 4096),
  ];

  readonly networkOffering: SimulatedNetworkOffering = {
    id: stableUuid('networkoffering', 'DefaultSharedNetworkOfferingWithSGService'),
    name: 'DefaultSharedNetworkOfferingWithSGService',
    displaytext: 'Offering for Shared Security group enabled networks',
    guestiptype: 'Shared',
    services: GUEST_SERVICES,
  };

  /** What accounts create their own networks from (createNetwork); CloudStack's default isolated offering. */
  readonly isolatedNetworkOffering: SimulatedNetworkOffering = {
    id: stableUuid('networkoffering', 'DefaultIsolatedNetworkOfferingWithSourceNatService'),
    name: 'DefaultIsolatedNetworkOfferingWithSourceNatService',
    displaytext: 'Offering for Isolated networks with Source Nat service enabled',
    guestiptype: 'Isolated',
    services: ['Dhcp', 'Dns', 'UserData', 'SourceNat', 'StaticNat', 'PortForwarding', 'Firewall', 'Lb', 'Vpn'],
  };

  readonly diskOfferings: SimulatedDiskOffering[] = [
    diskOffering('Small', 5),
    diskOffering('Medium', 20),
    diskOffering('Large', 100),
    diskOffering('Custom', 0),
  ];

  constructor(@Optional() @Inject(GUEST_SUBNET) subnet: GuestSubnet = parseGuestSubnet(DEFAULT_GUEST_CIDR)) {
    this.guestNetwork = {
      id: stableUuid('network', 'Sim-Guest-Network'),
      name: 'Sim-Guest-Network',
      cidr: subnet.cidr,
      gateway: subnet.gateway,
      netmask: subnet.netmask,
      networkdomain: 'cs.sim.internal',
      networkofferingid: this.networkOffering.id,
    };
  }

  findZone(id: string): SimulatedZone | undefined {
    return id === this.zone.id ? this.zone : undefined;
  }

  findTemplate(id: string): SimulatedTemplate | undefined {
    return this.templates.find((t) => t.id === id);
  }

  findServiceOffering(id: string): SimulatedServiceOffering | undefined {
    return this.serviceOfferings.find((o) => o.id === id);
  }

  findDiskOffering(id: string): SimulatedDiskOffering | undefined {
    return this.diskOfferings.find((o) => o.id === id);
  }

  get networkOfferings(): SimulatedNetworkOffering[] {
    return [this.networkOffering, this.isolatedNetworkOffering];
  }

  findNetworkOffering(id: string): SimulatedNetworkOffering | undefined {
    return this.networkOfferings.find((o) => o.id === id);
  }

  findNetwork(id: string): SimulatedNetwork | undefined {
    return id === this.guestNetwork.id ? this.guestNetwork : undefined;
  }

  /** The zone's hypervisor hosts, `sim-host-1` first (how many is a capacity setting). */
  /** The first `count` hosts; their ids are hashes, made once (placing each VM asks for them). */
  hosts(count: number): SimulatedHost[] {
    while (this.knownHosts.length < count) {
      const name = `sim-host-${this.knownHosts.length + 1}`;
      this.knownHosts.push({ id: stableUuid('host', name), name });
    }
    return this.knownHosts.slice(0, count);
  }

  private readonly knownHosts: SimulatedHost[] = [];

  diskOfferingResponse(o: SimulatedDiskOffering) {
    return {
      id: o.id,
      name: o.name,
      displaytext: o.displaytext,
      disksize: o.disksize,
      created: CATALOGUE_CREATED,
      iscustomized: o.iscustomized,
      storagetype: 'shared',
      provisioningtype: 'thin',
      displayoffering: true,
      cacheMode: 'none',
      hasannotations: false,
    };
  }

  networkOfferingResponse(o: SimulatedNetworkOffering) {
    return {
      id: o.id,
      name: o.name,
      displaytext: o.displaytext,
      traffictype: 'Guest',
      isdefault: true,
      specifyvlan: o.guestiptype === 'Shared',
      conservemode: true,
      specifyipranges: o.guestiptype === 'Shared',
      availability: 'Optional',
      networkrate: 200,
      state: 'Enabled',
      guestiptype: o.guestiptype,
      service: o.services.map((name) => ({
        name,
        provider: [{ name: name === 'SecurityGroup' ? 'SecurityGroupProvider' : 'VirtualRouter' }],
      })),
      forvpc: false,
      ispersistent: false,
      ...(o.guestiptype === 'Isolated' ? { supportsinternallb: false } : {}),
      egressdefaultpolicy: true,
      supportsstrechedl2subnet: false,
      supportspublicaccess: false,
      fordisplay: true,
      created: CATALOGUE_CREATED,
      tags: [],
    };
  }

  networkResponse() {
    const { guestNetwork: n, networkOffering: o, zone, admin } = this;
    return {
      id: n.id,
      name: n.name,
      displaytext: n.name,
      broadcastdomaintype: 'Vlan',
      traffictype: 'Guest',
      gateway: n.gateway,
      netmask: n.netmask,
      cidr: n.cidr,
      zoneid: zone.id,
      zonename: zone.name,
      networkofferingid: o.id,
      networkofferingname: o.name,
      networkofferingdisplaytext: o.displaytext,
      networkofferingconservemode: true,
      networkofferingavailability: 'Optional',
      issystem: false,
      state: 'Setup',
      related: n.id,
      dns1: n.gateway,
      type: o.guestiptype,
      acltype: 'Domain',
      subdomainaccess: true,
      domainid: admin.domainid,
      domain: admin.domain,
      service: o.services.map((name) => ({ name })),
      networkdomain: n.networkdomain,
      physicalnetworkid: stableUuid('physicalnetwork', 'Sim-Physical-Network'),
      restartrequired: false,
      specifyipranges: true,
      canusefordeploy: true,
      ispersistent: false,
      displaynetwork: true,
      isdefault: true,
      tags: [],
    };
  }

  zoneResponse() {
    const { zone, guestNetwork } = this;
    return {
      id: zone.id,
      name: zone.name,
      description: 'CloudStack simulator zone',
      dns1: guestNetwork.gateway,
      internaldns1: guestNetwork.gateway,
      guestcidraddress: guestNetwork.cidr,
      networktype: 'Advanced',
      securitygroupsenabled: true,
      allocationstate: 'Enabled',
      zonetoken: stableUuid('zonetoken', zone.name),
      dhcpprovider: 'VirtualRouter',
      localstorageenabled: false,
      domain: guestNetwork.networkdomain,
      tags: [],
    };
  }

  templateResponse(t: SimulatedTemplate) {
    return {
      id: t.id,
      name: t.name,
      displaytext: t.displaytext,
      ispublic: true,
      created: CATALOGUE_CREATED,
      isready: true,
      passwordenabled: false,
      format: 'QCOW2',
      isfeatured: true,
      crossZones: false,
      ostypeid: t.ostypeid,
      ostypename: t.ostypename,
      account: 'system',
      zoneid: this.zone.id,
      zonename: this.zone.name,
      status: 'Download Complete',
      size: t.size,
      templatetype: 'USER',
      hypervisor: 'KVM',
      domain: this.admin.domain,
      domainid: this.admin.domainid,
      isextractable: false,
      sshkeyenabled: true,
      isdynamicallyscalable: false,
      requireshvm: true,
      tags: [],
    };
  }

  serviceOfferingResponse(o: SimulatedServiceOffering) {
    return {
      id: o.id,
      name: o.name,
      displaytext: o.displaytext,
      cpunumber: o.cpunumber,
      cpuspeed: o.cpuspeed,
      memory: o.memory,
      created: CATALOGUE_CREATED,
      storagetype: 'shared',
      provisioningtype: 'thin',
      offerha: false,
      limitcpuuse: false,
      isvolatile: false,
      issystem: false,
      defaultuse: false,
      iscustomized: false,
      dynamicscalingenabled: true,
    };
  }
}
