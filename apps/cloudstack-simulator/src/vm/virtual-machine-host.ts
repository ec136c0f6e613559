import { Injectable } from '@nestjs/common';

import { VirtualMachineRecord } from '../state/records';

export const VIRTUAL_MACHINE_HOST = Symbol('VIRTUAL_MACHINE_HOST');

/**
 * What actually backs a simulated VM. Each hook runs inside the VM's asynchronous job, so its duration is the
 * time CloudStack would spend; a failure fails the job.
 */
export interface VirtualMachineHost {
  boot(vm: VirtualMachineRecord): Promise<void>;
  halt(vm: VirtualMachineRecord): Promise<void>;
  reboot(vm: VirtualMachineRecord): Promise<void>;
  /** Frees everything the VM held (disks, addresses); the record is marked removed afterwards. */
  remove(vm: VirtualMachineRecord): Promise<void>;
}

/** VMs that exist only as records: nothing runs behind them. */
@Injectable()
export class RecordOnlyVirtualMachineHost implements VirtualMachineHost {
  async boot(): Promise<void> {}
  async halt(): Promise<void> {}
  async reboot(): Promise<void> {}
  async remove(): Promise<void> {}
}
