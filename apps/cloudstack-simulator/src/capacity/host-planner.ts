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
    const candidates = this.hosts().filter((host) => this.fits(vm, host) && this.affinityAllows(vm, host));
    return candidates.find((host) => host.id === vm.hostid) ?? candidates[0];
  }

  private fits(vm: VirtualMachineRecord, host: SimulatedHost): boolean {
    const { cpuPerHost, memoryPerHost } = this.faults.capacity();
    const offering = this.catalogue.findServiceOffering(vm.serviceofferingid);
    let cpu = offering?.cpunumber ?? 0;
    let memory = offering?.memory ?? 0;
    for (const other of this.onHost(host, vm)) {
      const o = this.catalogue.findServiceOffering(other.serviceofferingid);
      cpu += o?.cpunumber ?? 0;
      memory += o?.memory ?? 0;
    }
    return cpu <= cpuPerHost && memory <= memoryPerHost;
  }

  private affinityAllows(vm: VirtualMachineRecord, host: SimulatedHost): boolean {
    for (const groupId of vm.affinitygroupids ?? []) {
      const group = this.state.affinityGroups.get(groupId);
      const peers = this.state
        .liveVirtualMachines()
        .filter((other) => other.id !== vm.id && HOLDS_CAPACITY.has(other.state) && other.affinitygroupids?.includes(groupId));
      if (group?.type === 'host anti-affinity' && peers.some((peer) => peer.hostid === host.id)) return false;
      if (group?.type === 'host affinity' && peers.length > 0 && !peers.some((peer) => peer.hostid === host.id)) return false;
    }
    return true;
  }

  private onHost(host: SimulatedHost, except: VirtualMachineRecord): VirtualMachineRecord[] {
    return this.state
      .liveVirtualMachines()
      .filter((other) => other.id !== except.id && other.hostid === host.id && HOLDS_CAPACITY.has(other.state));
  }
}
