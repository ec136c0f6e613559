import { Injectable } from '@nestjs/common';

import { ApiError } from '../api/api-error';
import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { FaultInjector } from '../faults/fault-injector';
import { ResourceType } from '../faults/simulator-faults';
import { AccountRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';

export type ResourceDemand = Partial<Record<ResourceType, number>>;

/** The order in which CloudStack checks a deployment's resources. */
const CHECK_ORDER: ResourceType[] = ['user_vm', 'cpu', 'memory', 'volume', 'primary_storage', 'public_ip'];
const GiB = 1024 ** 3;

/**
 * ResourceLimitManager: an account's current usage plus what a command asks for, against the account's limits.
 * Root administrators have no limits, as in CloudStack.
 */
@Injectable()
export class ResourceLimits {
  constructor(
    private readonly state: SimulatorState,
    private readonly catalogue: SimulatorCatalogue,
    private readonly faults: FaultInjector,
  ) {}

  /** Throws CloudStack's ResourceAllocationException (535) for the first type the demand would exceed. */
  check(account: AccountRecord, demand: ResourceDemand): void {
    if (account.isAdmin) return;
    const limits = this.faults.limitsFor(account.name);
    const usage = this.usage(account);
    for (const type of CHECK_ORDER) {
      const limit = limits[type];
      const wanted = demand[type] ?? 0;
      if (wanted === 0 || limit === undefined || limit < 0) continue;
      if (usage[type] + wanted > limit) throw ApiError.resourceLimit(type, account.name, account.domainInternalId);
    }
  }

  /** Whether adding `amount` of one type would pass the account's limit (never for administrators). */
  wouldExceed(account: AccountRecord, type: ResourceType, amount: number): boolean {
    if (account.isAdmin) return false;
    const limit = this.faults.limitsFor(account.name)[type];
    return limit !== undefined && limit >= 0 && this.usage(account)[type] + amount > limit;
  }

  /** Destroyed and expunged VMs, removed volumes and released addresses no longer count. */
  usage(account: AccountRecord): Record<ResourceType, number> {
    const mine = <T extends { accountid?: string }>(r: T) => (r.accountid ?? '') === account.id;
    const vms = this.state
      .liveVirtualMachines()
      .filter((vm) => mine(vm) && vm.state !== 'Destroyed' && vm.state !== 'Expunging');
    const volumes = [...this.state.volumes.values()].filter((v) => mine(v) && !v.removed);
    const offerings = vms.map((vm) => this.catalogue.findServiceOffering(vm.serviceofferingid));
    return {
      user_vm: vms.length,
      cpu: offerings.reduce((sum, o) => sum + (o?.cpunumber ?? 0), 0),
      memory: offerings.reduce((sum, o) => sum + (o?.memory ?? 0), 0),
      volume: volumes.length,
      primary_storage: Math.ceil(volumes.reduce((sum, v) => sum + v.sizeBytes, 0) / GiB),
      public_ip: [...this.state.publicIps.values()].filter((ip) => mine(ip) && !ip.removed).length,
    };
  }
}
