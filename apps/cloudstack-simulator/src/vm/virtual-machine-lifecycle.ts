import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { ApiError } from '../api/api-error';
import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { macAddressFor } from '../state/ip-address-pool';
import { VirtualMachineRecord, VirtualMachineState } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { RecordOnlyVirtualMachineHost, VIRTUAL_MACHINE_HOST, VirtualMachineHost } from './virtual-machine-host';

export interface NewVirtualMachine {
  name?: string;
  displayname?: string;
  zoneid: string;
  templateid: string;
  serviceofferingid: string;
  keypair?: string;
  userdata?: string;
  /** The network of the VM's NIC (networkids' first); the zone's shared guest network when absent. */
  networkid?: string;
}

const RECORD_ONLY = new RecordOnlyVirtualMachineHost();

/** RFC 1123 host name label, as UserVmManagerImpl checks the VM name. */
const HOST_NAME = /^(?!-)(?![0-9])[a-zA-Z0-9-]{1,63}(?<!-)$/;

/**
 * The one place that moves a VM between states (Starting, Running, Stopping, Stopped, Destroyed, Expunging) and
 * calls the host that backs it. Methods other than create/recover are job bodies: they run inside async jobs.
 */
@Injectable()
export class VirtualMachineLifecycle {
  constructor(
    private readonly state: SimulatorState,
    private readonly catalogue: SimulatorCatalogue,
    @Inject(VIRTUAL_MACHINE_HOST) private readonly host: VirtualMachineHost,
  ) {}

  /** The synchronous part of deployVirtualMachine: checks the name, allocates the NIC, records the VM as Starting. */
  create(spec: NewVirtualMachine): VirtualMachineRecord {
    const id = randomUUID();
    const name = spec.name ?? `VM-${id}`;
    if (!HOST_NAME.test(name)) {
      throw ApiError.invalidParameter(
        "Invalid name. Vm name can contain ASCII letters 'a' through 'z', the digits '0' through '9', and the hyphen ('-'), " +
          'must be between 1 and 63 characters long, and can\'t start or end with "-" and can\'t start with digit',
      );
    }
    const network = this.catalogue.guestNetwork;
    if (this.state.liveVirtualMachineNamed(name)) {
      throw ApiError.invalidParameter(
        `The vm with hostName ${name} already exists in the network domain: ${network.networkdomain}; network=${network.name}`,
      );
    }
    const networkId = spec.networkid ?? network.id;
    const ipaddress = this.state.addressPoolOf(networkId).allocate();
    const vm: VirtualMachineRecord = {
      id,
      internalId: this.state.nextInternalId(),
      name,
      displayname: spec.displayname ?? name,
      state: 'Starting',
      zoneid: spec.zoneid,
      templateid: spec.templateid,
      serviceofferingid: spec.serviceofferingid,
      keypair: spec.keypair,
      userdata: spec.userdata,
      nic: [{ id: randomUUID(), networkid: networkId, ipaddress, macaddress: macAddressFor(ipaddress) }],
      created: new Date(),
    };
    this.state.addVirtualMachine(vm);
    return vm;
  }

  /** First boot after deployment; a VM that fails it is left in Error, as CloudStack does. */
  async launch(vm: VirtualMachineRecord): Promise<void> {
    this.expectState(vm, ['Starting'], 'launch');
    try {
      await this.hostOf(vm).boot(vm);
      vm.state = 'Running';
    } catch (err) {
      vm.state = 'Error';
      throw ApiError.internal(
        `Unable to start a VM due to insufficient capacity or host failure: ${(err as Error).message}`,
      );
    }
  }

  async start(vm: VirtualMachineRecord): Promise<void> {
    if (vm.state === 'Running') return;
    this.expectState(vm, ['Stopped'], 'start');
    await this.transition(vm, 'Starting', 'Running', () => this.hostOf(vm).boot(vm), 'Stopped');
  }

  async stop(vm: VirtualMachineRecord): Promise<void> {
    if (vm.state === 'Stopped') return;
    this.expectState(vm, ['Running', 'Error'], 'stop');
    await this.transition(vm, 'Stopping', 'Stopped', () => this.hostOf(vm).halt(vm), 'Running');
  }

  async reboot(vm: VirtualMachineRecord): Promise<void> {
    this.expectState(vm, ['Running'], 'reboot');
    await this.hostOf(vm).reboot(vm);
  }

  /** Destroyed VMs keep their resources and can be recovered; with expunge they are removed at once. */
  async destroy(vm: VirtualMachineRecord, expunge: boolean): Promise<void> {
    if (vm.state !== 'Destroyed') {
      this.expectState(vm, ['Running', 'Stopped', 'Error'], 'destroy');
      if (vm.state === 'Running')
        await this.transition(vm, 'Stopping', 'Stopped', () => this.hostOf(vm).halt(vm), 'Running');
      vm.state = 'Destroyed';
    }
    if (expunge) await this.expunge(vm);
  }

  async expunge(vm: VirtualMachineRecord): Promise<void> {
    if (vm.state !== 'Destroyed' && vm.state !== 'Error') {
      throw ApiError.internal('Please destroy vm with specified vmId before expunge');
    }
    vm.state = 'Expunging';
    await this.hostOf(vm).remove(vm);
    for (const nic of vm.nic) this.state.addressPoolOf(nic.networkid).release(nic.ipaddress);
    vm.removed = new Date();
  }

  /** recoverVirtualMachine is synchronous in CloudStack. */
  recover(vm: VirtualMachineRecord): void {
    if (vm.state !== 'Destroyed') {
      throw ApiError.invalidParameter(`Cannot recover VM ${vm.id}: it is in state ${vm.state}, not Destroyed`);
    }
    vm.state = 'Stopped';
  }

  /**
   * The host behind a VM: real hosts sit on the shared guest network's bridge, so a VM whose NIC is in a network an
   * account created is a record only.
   */
  private hostOf(vm: VirtualMachineRecord): VirtualMachineHost {
    return vm.nic[0]?.networkid === this.catalogue.guestNetwork.id ? this.host : RECORD_ONLY;
  }

  private expectState(vm: VirtualMachineRecord, allowed: VirtualMachineState[], action: string): void {
    if (!allowed.includes(vm.state)) {
      throw ApiError.internal(`Unable to ${action} VM ${vm.name} (${vm.id}): it is in state ${vm.state}`);
    }
  }

  private async transition(
    vm: VirtualMachineRecord,
    during: VirtualMachineState,
    after: VirtualMachineState,
    work: () => Promise<void>,
    onFailure: VirtualMachineState,
  ): Promise<void> {
    vm.state = during;
    try {
      await work();
      vm.state = after;
    } catch (err) {
      vm.state = onFailure;
      throw ApiError.internal(`Unable to move VM ${vm.name} to ${after}: ${(err as Error).message}`);
    }
  }
}
