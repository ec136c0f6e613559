import { Injectable } from '@nestjs/common';
import { IpAddressPool } from './ip-address-pool';
import { AsyncJobRecord, VirtualMachineRecord } from './records';

/** Everything the simulated cloud remembers; in memory for now, lost on restart. */
@Injectable()
export class SimulatorState {
  readonly virtualMachines = new Map<string, VirtualMachineRecord>();
  readonly jobs = new Map<string, AsyncJobRecord>();
  readonly guestAddresses = new IpAddressPool('10.77.0.10', '10.77.255.254');
  private lastInternalId = 0;

  nextInternalId(): number {
    return ++this.lastInternalId;
  }

  /** VMs that still exist (not expunged), oldest first. */
  liveVirtualMachines(): VirtualMachineRecord[] {
    return [...this.virtualMachines.values()].filter((vm) => !vm.removed);
  }

  findLiveVirtualMachine(id: string): VirtualMachineRecord | undefined {
    const vm = this.virtualMachines.get(id);
    return vm && !vm.removed ? vm : undefined;
  }
}
