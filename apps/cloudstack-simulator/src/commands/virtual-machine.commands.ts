import { Inject, Injectable } from '@nestjs/common';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { listResponse } from '../api/list-response';
import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { AsyncJobService } from '../jobs/async-job.service';
import { VirtualMachineRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { SIMULATOR_OPTIONS, SimulatorOptions } from '../simulator-options';
import { VirtualMachineLifecycle } from '../vm/virtual-machine-lifecycle';
import { VirtualMachineView } from '../vm/virtual-machine.view';

const USER_VM_CMD = 'org.apache.cloudstack.api.command.user.vm';
const ADMIN_VM_CMD = 'org.apache.cloudstack.api.command.admin.vm';

@Injectable()
export class VirtualMachineCommands implements CommandFamily {
  readonly handlers = {
    deployVirtualMachine: (p: CommandParameters) => this.deploy(p),
    listVirtualMachines: (p: CommandParameters) => this.list(p),
    startVirtualMachine: (p: CommandParameters) =>
      this.runOnVm(p, 'StartVMCmd', (vm) => this.lifecycle.start(vm)),
    stopVirtualMachine: (p: CommandParameters) => this.runOnVm(p, 'StopVMCmd', (vm) => this.lifecycle.stop(vm)),
    rebootVirtualMachine: (p: CommandParameters) =>
      this.runOnVm(p, 'RebootVMCmd', (vm) => this.lifecycle.reboot(vm)),
    destroyVirtualMachine: (p: CommandParameters) => {
      const expunge = p.boolean('expunge');
      return this.runOnVm(p, 'DestroyVMCmd', (vm) => this.lifecycle.destroy(vm, expunge));
    },
    expungeVirtualMachine: (p: CommandParameters) => this.expunge(p),
    recoverVirtualMachine: (p: CommandParameters) => this.recover(p),
  };

  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: SimulatorOptions,
    private readonly catalogue: SimulatorCatalogue,
    private readonly state: SimulatorState,
    private readonly jobs: AsyncJobService,
    private readonly lifecycle: VirtualMachineLifecycle,
    private readonly view: VirtualMachineView,
  ) {}

  private deploy(p: CommandParameters) {
    const zone = p.entity('zoneid', (id) => this.catalogue.findZone(id), true);
    const template = p.entity('templateid', (id) => this.catalogue.findTemplate(id), true);
    const offering = p.entity('serviceofferingid', (id) => this.catalogue.findServiceOffering(id), true);
    const vm = this.lifecycle.create({
      zoneid: zone.id,
      templateid: template.id,
      serviceofferingid: offering.id,
      name: p.optional('name'),
      displayname: p.optional('displayname'),
      keypair: p.optional('keypair') ?? p.optional('keypairs')?.split(',')[0],
      userdata: p.optional('userdata'),
    });
    const job = this.jobs.submit({
      cmd: `${USER_VM_CMD}.DeployVMCmd`,
      instanceType: 'VirtualMachine',
      instanceId: vm.id,
      delayMs: this.options.deployLatencyMs,
      run: async () => {
        await this.lifecycle.launch(vm);
        return { virtualmachine: this.view.toResponse(vm) };
      },
    });
    return { id: vm.id, jobid: job.jobid };
  }

  private list(p: CommandParameters) {
    // An expunged VM's id still resolves (CloudStack keeps the row), so asking for it lists nothing.
    const id = p.entity('id', (value) => this.state.virtualMachines.get(value))?.id;
    const name = p.optional('name');
    const state = p.optional('state')?.toLowerCase();
    const zoneid = p.optional('zoneid');
    const keyword = p.optional('keyword')?.toLowerCase();
    const matches = this.state
      .liveVirtualMachines()
      .filter((vm) => (!id || vm.id === id) && (!name || vm.name === name))
      .filter((vm) => (!state || vm.state.toLowerCase() === state) && (!zoneid || vm.zoneid === zoneid))
      .filter(
        (vm) => !keyword || vm.name.toLowerCase().includes(keyword) || vm.displayname.toLowerCase().includes(keyword),
      )
      .map((vm) => this.view.toResponse(vm));
    return listResponse('virtualmachine', matches, p);
  }

  private runOnVm(p: CommandParameters, cmdClass: string, work: (vm: VirtualMachineRecord) => Promise<void>) {
    const vm = p.entity('id', (id) => this.state.findLiveVirtualMachine(id), true);
    const job = this.jobs.submit({
      cmd: `${USER_VM_CMD}.${cmdClass}`,
      instanceType: 'VirtualMachine',
      instanceId: vm.id,
      run: async () => {
        await work(vm);
        return { virtualmachine: this.view.toResponse(vm) };
      },
    });
    return { jobid: job.jobid };
  }

  private expunge(p: CommandParameters) {
    const vm = p.entity('id', (id) => this.state.findLiveVirtualMachine(id), true);
    const job = this.jobs.submit({
      cmd: `${ADMIN_VM_CMD}.ExpungeVMCmd`,
      instanceType: 'VirtualMachine',
      instanceId: vm.id,
      run: async () => {
        await this.lifecycle.expunge(vm);
        return { success: true };
      },
    });
    return { jobid: job.jobid };
  }

  private recover(p: CommandParameters) {
    const vm = p.entity('id', (id) => this.state.findLiveVirtualMachine(id), true);
    this.lifecycle.recover(vm);
    return { virtualmachine: this.view.toResponse(vm) };
  }
}
