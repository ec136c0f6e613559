import { Injectable } from '@nestjs/common';
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

  readonly guestNetwork: SimulatedNetwork = {
    id: stableUuid('network', 'Sim-Guest-Network'),
    name: 'Sim-Guest-Network',
    cidr: '10.77.0.0/16',
    gateway: '10.77.0.1',
    netmask: '255.255.0.0',
    networkdomain: 'cs.sim.internal',
  };

  readonly templates: SimulatedTemplate[] = [
    template('debian-12', 'Debian GNU/Linux 12 (64-bit)', 2),
    template('ubuntu-22.04', 'Ubuntu 22.04 LTS', 3),
  ];

  readonly serviceOfferings: SimulatedServiceOffering[] = [
    offering('Small Instance', 1, 500, 512),
    offering('Medium Instance', 1, 1000, 1024),
    offering('Large Instance', 2, 2000, 4096),
  ];

  findZone(id: string): SimulatedZone | undefined {
    return id === this.zone.id ? this.zone : undefined;
  }

  findTemplate(id: string): SimulatedTemplate | undefined {
    return this.templates.find((t) => t.id === id);
  }

  findServiceOffering(id: string): SimulatedServiceOffering | undefined {
    return this.serviceOfferings.find((o) => o.id === id);
  }

  zoneResponse() {
    const { zone, guestNetwork } = this;
    return {
      id: zone.id,
      name: zone.name,
      description: 'CloudStack simulator zone',
      dns1: '10.77.0.1',
      internaldns1: '10.77.0.1',
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
