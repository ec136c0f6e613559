import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AccessControl } from '../api/access-control';
import { ApiError } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { equalsParam, keywordFilter, tagFilter } from '../api/list-filters';
import { listResponse } from '../api/list-response';
import { ResourceLimits } from '../capacity/resource-limits';
import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { AsyncJobService } from '../jobs/async-job.service';
import { PublicIpRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { PublicIpView } from '../views/public-ip.view';

const ADDRESS_CMD = 'org.apache.cloudstack.api.command.user.address';
const NAT_CMD = 'org.apache.cloudstack.api.command.user.nat';

/** Public addresses and static NAT. */
@Injectable()
export class PublicIpCommands implements CommandFamily {
  readonly handlers = {
    associateIpAddress: (p: CommandParameters) => this.associate(p),
    disassociateIpAddress: (p: CommandParameters) => this.disassociate(p),
    listPublicIpAddresses: (p: CommandParameters) => this.list(p),
    enableStaticNat: (p: CommandParameters) => this.enableStaticNat(p),
    disableStaticNat: (p: CommandParameters) => this.disableStaticNat(p),
  };

  readonly asyncCommands = ['associateIpAddress', 'disassociateIpAddress', 'disableStaticNat'];

  constructor(
    private readonly catalogue: SimulatorCatalogue,
    private readonly state: SimulatorState,
    private readonly jobs: AsyncJobService,
    private readonly access: AccessControl,
    private readonly limits: ResourceLimits,
    private readonly view: PublicIpView,
  ) {}

  private findIp(p: CommandParameters, name: string): PublicIpRecord {
    return this.access.owned(p, name, (id) => this.liveIp(id), 'PublicIpAddress');
  }

  private liveIp(id: string): PublicIpRecord | undefined {
    const ip = this.state.publicIps.get(id);
    return ip && !ip.removed ? ip : undefined;
  }

  private associate(p: CommandParameters) {
    const owner = this.access.actingAccount(p);
    const network = p.entity('networkid', (id) => this.catalogue.findNetwork(id));
    const zone = p.entity('zoneid', (id) => this.catalogue.findZone(id));
    if (!network && !zone) {
      throw ApiError.invalidParameter(
        'Unable to figure out zone to assign ip to. Please specify either zoneId, or networkId, or vpcId in the call',
      );
    }
    if (this.limits.wouldExceed(owner, 'public_ip', 1)) {
      throw ApiError.accountLimit(
        `Maximum number of public IP addresses for account: ${owner.name} has been exceeded.`,
      );
    }
    let ipaddress: string;
    try {
      ipaddress = this.state.publicAddresses.allocate();
    } catch {
      throw ApiError.insufficientCapacity('Insufficient address capacity');
    }
    const ip: PublicIpRecord = {
      id: randomUUID(),
      accountid: owner.id,
      created: new Date(),
      ipaddress,
      zoneid: this.catalogue.zone.id,
      networkid: (network ?? this.catalogue.guestNetwork).id,
    };
    this.state.publicIps.set(ip.id, ip);
    const job = this.submit(p, `${ADDRESS_CMD}.AssociateIPAddrCmd`, ip, async () => ({
      ipaddress: this.view.toResponse(ip),
    }));
    return { id: ip.id, jobid: job.jobid };
  }

  /** Releases the address with its static NAT and every rule on it. */
  private disassociate(p: CommandParameters) {
    const ip = this.findIp(p, 'id');
    const job = this.submit(p, `${ADDRESS_CMD}.DisassociateIPAddrCmd`, ip, async () => {
      for (const rule of [...this.state.networkRules.values()]) {
        if (rule.ipaddressid === ip.id) this.state.networkRules.delete(rule.id);
      }
      ip.staticNatVmId = undefined;
      ip.removed = new Date();
      this.state.publicAddresses.release(ip.ipaddress);
      this.state.tags = this.state.tags.filter((tag) => tag.resourceid !== ip.id);
      return { success: true };
    });
    return { jobid: job.jobid };
  }

  private list(p: CommandParameters) {
    const id = p.entity('id', (value) => this.state.publicIps.get(value))?.id;
    const address = p.optional('ipaddress');
    const staticNat = p.optional('isstaticnat');
    const [zone, network] = ['zoneid', 'associatednetworkid'].map((n) => equalsParam(p, n));
    const keyword = keywordFilter(p);
    const tagged = tagFilter(p, this.state);
    const ips = [...this.state.publicIps.values()]
      .filter((ip) => !ip.removed)
      .filter(this.access.listFilter(p))
      .filter((ip) => (!id || ip.id === id) && (!address || ip.ipaddress === address))
      .filter(
        (ip) => staticNat === undefined || (ip.staticNatVmId !== undefined) === (staticNat.toLowerCase() === 'true'),
      )
      .filter((ip) => zone(ip.zoneid) && network(ip.networkid) && keyword(ip.ipaddress) && tagged(ip.id))
      .map((ip) => this.view.toResponse(ip));
    return listResponse('publicipaddress', ips, p);
  }

  /** Synchronous in CloudStack. */
  private enableStaticNat(p: CommandParameters) {
    const ip = this.findIp(p, 'ipaddressid');
    const vm = this.access.owned(
      p,
      'virtualmachineid',
      (id) => this.state.findLiveVirtualMachine(id),
      'VirtualMachine',
    );
    if (ip.staticNatVmId && ip.staticNatVmId !== vm.id) {
      throw ApiError.networkRuleConflict(
        `Failed to enable static nat for the ip address id=${ip.id} as it's already assigned to static nat`,
      );
    }
    const other = this.state.staticNatAddressOf(vm.id);
    if (other && other.id !== ip.id) {
      throw ApiError.networkRuleConflict(
        `Failed to enable static nat for the ip address id=${ip.id} as vm id=${vm.id} is already associated with ip id=${other.id}`,
      );
    }
    const forwarded = [...this.state.networkRules.values()].some(
      (r) => r.ipaddressid === ip.id && (r.purpose === 'PortForwarding' || r.purpose === 'LoadBalancing'),
    );
    if (forwarded) {
      throw ApiError.networkRuleConflict(
        `Failed to enable static nat for the ip address id=${ip.id} as it already has rules assigned`,
      );
    }
    ip.staticNatVmId = vm.id;
    return { success: true };
  }

  private disableStaticNat(p: CommandParameters) {
    const ip = this.findIp(p, 'ipaddressid');
    if (!ip.staticNatVmId) throw ApiError.invalidParameter('Specified IP address id is not associated with any vm Id');
    const job = this.submit(p, `${NAT_CMD}.DisableStaticNatCmd`, ip, async () => {
      for (const rule of [...this.state.networkRules.values()]) {
        if (rule.ipaddressid === ip.id && rule.purpose === 'StaticNat') this.state.networkRules.delete(rule.id);
      }
      ip.staticNatVmId = undefined;
      return { success: true };
    });
    return { jobid: job.jobid };
  }

  private submit(p: CommandParameters, cmd: string, ip: PublicIpRecord, run: () => Promise<Record<string, unknown>>) {
    return this.jobs.submit({
      command: p.command,
      cmd,
      account: p.caller,
      instanceType: 'IpAddress',
      instanceId: ip.id,
      run,
    });
  }
}
