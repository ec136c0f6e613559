import { Injectable } from '@nestjs/common';

import { AccessControl } from '../api/access-control';
import { ApiError } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import {
  SimulatedDiskOffering,
  SimulatedServiceOffering,
  SimulatedTemplate,
  SimulatedZone,
  SimulatorCatalogue,
} from '../catalogue/simulator-catalogue';
import { AccountRecord, AffinityGroupRecord, NetworkRecord, SecurityGroupRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';

/** UserVmManagerImpl's limits: 4 KiB of userdata over GET, vm.userdata.max.length (at its 1 MiB maximum) over POST. */
const MAX_GET_USERDATA = 4096;
const MAX_POST_USERDATA = 1_048_576;
const BASE64 = /^[A-Za-z0-9+/\-_=\s]*$/;

export interface DeploymentRequestData {
  owner: AccountRecord;
  zone: SimulatedZone;
  template: SimulatedTemplate;
  offering: SimulatedServiceOffering;
  disk?: { offering: SimulatedDiskOffering; sizeGiB: number };
  /** The ROOT volume's size: `rootdisksize` GiB, else the template's. */
  rootSizeBytes: number;
  keypairs: string[];
  securityGroups: SecurityGroupRecord[];
  affinityGroups: AffinityGroupRecord[];
  userdata?: string;
  /** networkids' first network that an account created; undefined for the shared guest network. */
  network?: NetworkRecord;
}

/** Reads and checks deployVirtualMachine's parameters the way DeployVMCmd and UserVmManagerImpl do. */
@Injectable()
export class DeploymentRequest {
  constructor(
    private readonly catalogue: SimulatorCatalogue,
    private readonly state: SimulatorState,
    private readonly access: AccessControl,
  ) {}

  read(p: CommandParameters): DeploymentRequestData {
    const owner = this.access.actingAccount(p);
    const zone = p.entity('zoneid', (id) => this.catalogue.findZone(id), true);
    const template = p.entity('templateid', (id) => this.catalogue.findTemplate(id), true);
    const offering = p.entity('serviceofferingid', (id) => this.catalogue.findServiceOffering(id), true);
    const networks =
      p.entities('networkids', (id) => this.catalogue.findNetwork(id) ?? this.state.networks.get(id)) ?? [];
    const created = networks.filter((n): n is NetworkRecord => 'accountid' in n);
    for (const network of created) {
      this.access.check(p.caller, network, `Network ${network.id}`);
      if (network.accountid !== owner.id)
        throw ApiError.invalidParameter(`Network ${network.id} does not belong to the VM's account`);
    }
    return {
      owner,
      zone,
      template,
      offering,
      rootSizeBytes: this.rootSize(p, template),
      disk: this.disk(p),
      keypairs: this.keypairs(p, owner),
      securityGroups: this.securityGroups(p, owner),
      affinityGroups: this.affinityGroups(p, owner),
      userdata: this.userdata(p),
      network: networks[0] && 'accountid' in networks[0] ? (networks[0] as NetworkRecord) : undefined,
    };
  }

  /** UserVmManagerImpl: rootdisksize (GiB) resizes the template's root disk on deploy, never below its size. */
  private rootSize(p: CommandParameters, template: SimulatedTemplate): number {
    const rootdisksize = p.integer('rootdisksize');
    if (rootdisksize === undefined) return template.size;
    if (rootdisksize <= 0) throw ApiError.invalidParameter('Root disk size should be a positive number.');
    const sizeBytes = rootdisksize * 1024 ** 3;
    if (sizeBytes < template.size) {
      throw ApiError.invalidParameter(
        `Root disk size ${rootdisksize} GB is smaller than the template size ${template.size / 1024 ** 3} GB`,
      );
    }
    return sizeBytes;
  }

  private disk(p: CommandParameters): DeploymentRequestData['disk'] {
    const offering = p.entity('diskofferingid', (id) => this.catalogue.findDiskOffering(id));
    const size = p.integer('size');
    if (!offering) {
      if (size !== undefined) throw ApiError.invalidParameter('Size can be specified only with a disk offering');
      return undefined;
    }
    if (offering.iscustomized) {
      if (size === undefined || size <= 0) {
        throw ApiError.invalidParameter(`This disk offering requires a custom size specified (${offering.name})`);
      }
      return { offering, sizeGiB: size };
    }
    return { offering, sizeGiB: offering.disksize };
  }

  /** `keypair` and `keypairs` together; each must be a key pair of the owner. */
  private keypairs(p: CommandParameters, owner: AccountRecord): string[] {
    const names = [...new Set([p.optional('keypair'), ...(p.list('keypairs') ?? [])].filter((n): n is string => !!n))];
    for (const name of names) {
      const found = [...this.state.sshKeyPairs.values()].some((k) => k.name === name && k.accountid === owner.id);
      if (!found) throw ApiError.invalidParameter(`A key pair with name '${name}' was not found.`);
    }
    return names;
  }

  /** By id or by name (not both); the owner's `default` group when neither is given, as in an SG zone. */
  private securityGroups(p: CommandParameters, owner: AccountRecord): SecurityGroupRecord[] {
    const byId = p.list('securitygroupids');
    const byName = p.list('securitygroupnames');
    if (byId && byName) {
      throw ApiError.invalidParameter(
        'securitygroupids parameter is mutually exclusive with securitygroupnames parameter',
      );
    }
    const mine = [...this.state.securityGroups.values()].filter((g) => g.accountid === owner.id);
    if (byId) {
      return byId.map((id) => {
        const group = this.state.securityGroups.get(id);
        if (!group) throw ApiError.invalidParameterValue(p.command, 'securitygroupids', id);
        this.access.check(p.caller, group, `SecurityGroup ${id}`);
        if (group.accountid !== owner.id)
          throw ApiError.invalidParameter(`Security group ${id} does not belong to the VM's account`);
        return group;
      });
    }
    if (byName) {
      return byName.map((name) => {
        const group = mine.find((g) => g.name === name);
        if (!group) throw ApiError.invalidParameter(`Unable to find group by name ${name}`);
        return group;
      });
    }
    return mine.filter((g) => g.name === 'default');
  }

  private affinityGroups(p: CommandParameters, owner: AccountRecord): AffinityGroupRecord[] {
    const byId = p.list('affinitygroupids');
    const byName = p.list('affinitygroupnames');
    if (byId && byName) {
      throw ApiError.invalidParameter(
        'affinitygroupids parameter is mutually exclusive with affinitygroupnames parameter',
      );
    }
    const mine = [...this.state.affinityGroups.values()].filter((g) => g.accountid === owner.id);
    if (byId) {
      return byId.map((id) => {
        const group = this.state.affinityGroups.get(id);
        if (!group) throw ApiError.invalidParameterValue(p.command, 'affinitygroupids', id);
        this.access.check(p.caller, group, `AffinityGroup ${id}`);
        return group;
      });
    }
    return (byName ?? []).map((name) => {
      const group = mine.find((g) => g.name === name);
      if (!group) throw ApiError.invalidParameter(`Unable to find affinity group by name ${name}`);
      return group;
    });
  }

  private userdata(p: CommandParameters): string | undefined {
    const userdata = p.optional('userdata');
    if (userdata === undefined) return undefined;
    if (!BASE64.test(userdata)) throw ApiError.invalidParameter('User data is not base64 encoded');
    const decoded = Buffer.from(userdata, 'base64');
    const isPost = p.method.toUpperCase() === 'POST';
    const limit = isPost ? MAX_POST_USERDATA : MAX_GET_USERDATA;
    if (decoded.length > limit)
      throw ApiError.invalidParameter(`User data is too long for ${isPost ? 'POST' : 'GET'} request`);
    if (decoded.length < 1) throw ApiError.invalidParameter('User data is too short');
    return userdata;
  }
}
