import { Injectable } from '@nestjs/common';

import { SimulatedHost, SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { FaultInjector } from '../faults/fault-injector';
import { VirtualMachineRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';

/** States in which a VM holds capacity on its host. */
const HOLDS_CAPACITY = new Set(['Starting', 'Running', 'Stopping']);

/**
 * CloudStack's deployment planner for one zone: first fit over the hosts, by cores and memory, honouring the
 * VM's `host anti-affinity` (no other member on the host) and `host affinity` (on the members' host) groups.
 */
@Injectable()
export class HostPlanner {
  constructor(
    private readonly state: SimulatorState,
    private readonly catalogue: SimulatorCatalogue,
    private readonly faults: FaultInjector,
  ) {}

  hosts(): SimulatedHost[] {
    return this.catalogue.hosts(this.faults.capacity().hosts);
  }

  find(hostid: string | undefined): SimulatedHost | undefined {
    return hostid === undefined ? undefined : this.hosts().find((host) => host.id === hostid);
  }

  /** A host the VM fits on (its last host first), or undefined when there is none. */
  place(vm: VirtualMachineRecord): SimulatedHost | undefined {
    const used = this.usageByHost(vm);
    const candidates = this.hosts().filter((host) => this.fits(vm, used.get(host.id)) && this.affinityAllows(vm, host));
    return candidates.find((host) => host.id === vm.hostid) ?? candidates[0];
  }

  private fits(vm: VirtualMachineRecord, used: { cpu: number; memory: number } = { cpu: 0, memory: 0 }): boolean {
    const { cpuPerHost, memoryPerHost } = this.faults.capacity();
    const offering = this.catalogue.findServiceOffering(vm.serviceofferingid);
    return (
      used.cpu + (offering?.cpunumber ?? 0) <= cpuPerHost && used.memory + (offering?.memory ?? 0) <= memoryPerHost
    );
  }

  /** Cores and memory held on each host by the VMs other than `except` (one pass over the VMs for every host). */
  private usageByHost(except: VirtualMachineRecord): Map<string, { cpu: number; memory: number }> {
    const used = new Map<string, { cpu: number; memory: number }>();
    for (const other of this.state.liveVirtualMachines()) {
      if (other.id === except.id || other.hostid === undefined || !HOLDS_CAPACITY.has(other.state)) continue;
      const offering = this.catalogue.findServiceOffering(other.serviceofferingid);
      const host = used.get(other.hostid) ?? { cpu: 0, memory: 0 };
      host.cpu += offering?.cpunumber ?? 0;
      host.memory += offering?.memory ?? 0;
      used.set(other.hostid, host);
    }
    return used;
  }

  private affinityAllows(vm: VirtualMachineRecord, host: SimulatedHost): boolean {
    for (const groupId of vm.affinitygroupids ?? []) {
      const group = this.state.affinityGroups.get(groupId);
      const peers = this.state
        .liveVirtualMachines()
        .filter(
          (other) => other.id !== vm.id && HOLDS_CAPACITY.has(other.state) && other.affinitygroupids?.includes(groupId),
        );
      if (group?.type === 'host anti-affinity' && peers.some((peer) => peer.hostid === host.id)) return false;
      if (group?.type === 'host affinity' && peers.length > 0 && !peers.some((peer) => peer.hostid === host.id))
        return false;
    }
    return true;
  }
}
