import { randomUUID } from 'node:crypto';
import { isIPv4 } from 'node:net';

import { Injectable } from '@nestjs/common';

import { AccessControl } from '../api/access-control';
import { ApiError } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { keywordFilter, tagFilter } from '../api/list-filters';
import { listResponse } from '../api/list-response';
import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { AsyncJobService } from '../jobs/async-job.service';
import { parseGuestSubnet } from '../network/guest-subnet';
import { IpAddressPool } from '../state/ip-address-pool';
import { NetworkRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { NetworkView } from '../views/network.view';

const NETWORK_CMD = 'org.apache.cloudstack.api.command.user.network';
/** CloudStack's default guest CIDR of an advanced zone: every isolated network gets it unless told otherwise. */
const DEFAULT_ISOLATED_CIDR = '10.1.1.0/24';

const prefixOf = (netmask: string) =>
  netmask.split('.').reduce((bits, octet) => bits + Number(octet).toString(2).replace(/0/g, '').length, 0);

/**
 * Guest networks: the zone's shared one (catalogue) and the isolated ones accounts create from an offering
 * (createNetwork is synchronous in CloudStack; updateNetwork and deleteNetwork are jobs).
 */
@Injectable()
export class NetworkCommands implements CommandFamily {
  readonly handlers = {
    createNetwork: (p: CommandParameters) => this.create(p),
    listNetworks: (p: CommandParameters) => this.list(p),
    updateNetwork: (p: CommandParameters) => this.update(p),
    deleteNetwork: (p: CommandParameters) => this.delete(p),
  };

  readonly asyncCommands = ['updateNetwork', 'deleteNetwork'];

  constructor(
    private readonly catalogue: SimulatorCatalogue,
    private readonly state: SimulatorState,
    private readonly jobs: AsyncJobService,
    private readonly access: AccessControl,
    private readonly view: NetworkView,
  ) {}

  private create(p: CommandParameters) {
    const owner = this.access.actingAccount(p);
    const offering = p.entity('networkofferingid', (id) => this.catalogue.findNetworkOffering(id), true);
    const zone = p.entity('zoneid', (id) => this.catalogue.findZone(id), true);
    const name = p.required('name');
    if (offering.guestiptype === 'Shared') {
      // A shared network needs an administrator, a VLAN and an IP range (specifyipranges/specifyvlan offerings).
      if (!p.caller.isAdmin) throw ApiError.permissionDenied('Only ROOT admin is allowed to create Shared networks');
      throw ApiError.invalidParameter(
        'Shared networks are not supported by the simulator: it has one, Sim-Guest-Network',
      );
    }
    const gateway = p.optional('gateway');
    const netmask = p.optional('netmask');
    if ((gateway === undefined) !== (netmask === undefined)) {
      throw ApiError.invalidParameter('gateway and netmask should be defined at the same time');
    }
    if (gateway !== undefined && (!isIPv4(gateway) || !isIPv4(netmask!))) {
      throw ApiError.invalidParameter(`Invalid gateway ${gateway} or netmask ${netmask}`);
    }
    const subnet = parseGuestSubnet(gateway ? `${gateway}/${prefixOf(netmask!)}` : DEFAULT_ISOLATED_CIDR);
    const network: NetworkRecord = {
      id: randomUUID(),
      accountid: owner.id,
      created: new Date(),
      name,
      displaytext: p.optional('displaytext') ?? name,
      zoneid: zone.id,
      networkofferingid: offering.id,
      cidr: subnet.cidr,
      gateway: gateway ?? subnet.gateway,
      netmask: subnet.netmask,
      networkdomain: p.optional('networkdomain') ?? `cs${owner.internalId}cloud.internal`,
      state: 'Allocated',
    };
    this.state.networks.set(network.id, network);
    this.state.networkAddresses.set(network.id, new IpAddressPool(subnet.firstGuestAddress, subnet.lastGuestAddress));
    return { network: this.view.toResponse(network) };
  }

  private list(p: CommandParameters) {
    // An id that names no network is a 431, as for every CloudStack list command's uuid parameter.
    const id = p.entity('id', (value) => this.state.networks.get(value) ?? this.sharedRecord(value))?.id;
    const zoneid = p.optional('zoneid');
    const type = p.optional('type')?.toLowerCase();
    const trafficType = p.optional('traffictype')?.toLowerCase();
    const offeringId = p.optional('networkofferingid');
    const keyword = keywordFilter(p);
    const tagged = tagFilter(p, this.state);
    const showOwn = this.access.listFilter(p);
    const created = [...this.state.networks.values()].filter(showOwn).map((n) => this.view.toResponse(n));
    // The shared guest network is everyone's (acltype Domain); it carries no tags.
    const shared = p.map('tags').length ? [] : [this.catalogue.networkResponse() as Record<string, unknown>];
    const matches = [...shared, ...created]
      .filter(
        (n) =>
          (!id || n.id === id) &&
          (!zoneid || n.zoneid === zoneid) &&
          (!offeringId || n.networkofferingid === offeringId),
      )
      .filter(
        (n) =>
          (!type || String(n.type).toLowerCase() === type) &&
          (!trafficType || String(n.traffictype).toLowerCase() === trafficType),
      )
      .filter(() => !p.boolean('issystem'))
      .filter((n) => keyword(n.name as string))
      .filter((n) => n.id === this.catalogue.guestNetwork.id || tagged(n.id as string));
    return listResponse('network', matches, p);
  }

  private find(p: CommandParameters): NetworkRecord {
    const network = this.access.owned(p, 'id', (id) => this.state.networks.get(id) ?? this.sharedRecord(id), 'Network');
    if (network.id === this.catalogue.guestNetwork.id) {
      throw ApiError.permissionDenied(
        `Account Acct[${p.caller.id}-${p.caller.name}] does not have permission to operate with resource Network ${network.id}`,
      );
    }
    return network;
  }

  /** The shared network as something `owned` can check (it belongs to the administrator). */
  private sharedRecord(id: string): NetworkRecord | undefined {
    return id === this.catalogue.guestNetwork.id ? ({ id } as NetworkRecord) : undefined;
  }

  private update(p: CommandParameters) {
    const network = this.find(p);
    const name = p.optional('name');
    const displaytext = p.optional('displaytext');
    const networkdomain = p.optional('networkdomain');
    if (
      p.optional('networkofferingid') !== undefined &&
      p.optional('networkofferingid') !== network.networkofferingid
    ) {
      p.entity('networkofferingid', (id) => this.catalogue.findNetworkOffering(id), true);
      throw ApiError.invalidParameter(
        `Can't upgrade from network offering ${network.networkofferingid}; the simulator has no other Isolated offering`,
      );
    }
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${NETWORK_CMD}.UpdateNetworkCmd`,
      account: p.caller,
      instanceType: 'Network',
      instanceId: network.id,
      run: async () => {
        if (name !== undefined) network.name = name;
        if (displaytext !== undefined) network.displaytext = displaytext;
        if (networkdomain !== undefined) network.networkdomain = networkdomain;
        return { network: this.view.toResponse(network) };
      },
    });
    return { jobid: job.jobid };
  }

  private delete(p: CommandParameters) {
    const network = this.find(p);
    const job = this.jobs.submit({
      command: p.command,
      cmd: `${NETWORK_CMD}.DeleteNetworkCmd`,
      account: p.caller,
      instanceType: 'Network',
      instanceId: network.id,
      run: async () => {
        const vm = this.state
          .liveVirtualMachines()
          .find((candidate) => candidate.nic.some((nic) => nic.networkid === network.id));
        if (vm) {
          const owner = this.access.ownerOf(vm);
          throw ApiError.invalidParameter(
            `Can't delete the network, not all user vms are expunged. Vm VM[User|i-${owner.internalId}-${vm.internalId}-VM] is in ${vm.state} state`,
          );
        }
        this.state.networks.delete(network.id);
        this.state.networkAddresses.delete(network.id);
        this.state.tags = this.state.tags.filter((tag) => tag.resourceid !== network.id);
        return { success: true };
      },
    });
    return { jobid: job.jobid };
  }
}
