import { Inject, Injectable } from '@nestjs/common';

import { AccessControl } from '../api/access-control';
import { ApiError } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { equalsParam, keywordFilter, tagFilter } from '../api/list-filters';
import { listResponse } from '../api/list-response';
import { HostPlanner } from '../capacity/host-planner';
import { ResourceLimits } from '../capacity/resource-limits';
import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { FaultInjector } from '../faults/fault-injector';
import { AsyncJobService } from '../jobs/async-job.service';
import { SIMULATOR_OPTIONS, SimulatorOptions } from '../simulator-options';
import { AccountRecord, VirtualMachineRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { UserVmView } from '../views/user-vm.view';
import { VirtualMachineLifecycle } from '../vm/virtual-machine-lifecycle';
import { DeploymentRequest } from './deployment-request';
import { VirtualMachineResources } from './virtual-machine-resources';

const USER_VM_CMD = 'org.apache.cloudstack.api.command.user.vm';
const ADMIN_VM_CMD = 'org.apache.cloudstack.api.command.admin.vm';
const GiB = 1024 ** 3;

@Injectable()
export class VirtualMachineCommands implements CommandFamily {
  readonly handlers = {
    deployVirtualMachine: (p: CommandParameters) => this.deploy(p),
    listVirtualMachines: (p: CommandParameters) => this.list(p),
    startVirtualMachine: (p: CommandParameters) => this.start(p),
    stopVirtualMachine: (p: CommandParameters) =>
      this.runOnVm(p, 'stopVirtualMachine', 'StopVMCmd', (vm) => this.lifecycle.stop(vm)),
    rebootVirtualMachine: (p: CommandParameters) =>
      this.runOnVm(p, 'rebootVirtualMachine', 'RebootVMCmd', (vm) => this.lifecycle.reboot(vm)),
    destroyVirtualMachine: (p: CommandParameters) => this.destroy(p),
    expungeVirtualMachine: (p: CommandParameters) => this.expunge(p),
    recoverVirtualMachine: (p: CommandParameters) => this.recover(p),
    scaleVirtualMachine: (p: CommandParameters) => this.scale(p),
    changeServiceForVirtualMachine: (p: CommandParameters) => this.changeService(p),
  };

  readonly asyncCommands = [
    'deployVirtualMachine',
    'startVirtualMachine',
    'stopVirtualMachine',
    'rebootVirtualMachine',
    'destroyVirtualMachine',
    'expungeVirtualMachine',
    'scaleVirtualMachine',
  ];

  constructor(
    @Inject(SIMULATOR_OPTIONS) private readonly options: SimulatorOptions,
    private readonly catalogue: SimulatorCatalogue,
    private readonly state: SimulatorState,
    private readonly jobs: AsyncJobService,
    private readonly lifecycle: VirtualMachineLifecycle,
    private readonly view: UserVmView,
    private readonly access: AccessControl,
    private readonly limits: ResourceLimits,
    private readonly planner: HostPlanner,
    private readonly faults: FaultInjector,
    private readonly resources: VirtualMachineResources,
    private readonly deployment: DeploymentRequest,
  ) {}

  private deploy(p: CommandParameters) {
    const request = this.deployment.read(p);
    const { owner, template, offering, disk } = request;
    this.limits.check(owner, {
      user_vm: 1,
      cpu: offering.cpunumber,
      memory: offering.memory,
      volume: disk ? 2 : 1,
      primary_storage: Math.ceil((request.rootSizeBytes + (disk?.sizeGiB ?? 0) * GiB) / GiB),
    });
    const vm = this.lifecycle.create({
      zoneid: request.zone.id,
      templateid: template.id,
      serviceofferingid: offering.id,
      name: p.optional('name'),
      displayname: p.optional('displayname'),
      keypair: request.keypairs[0],
      userdata: request.userdata,
      networkid: request.network?.id,
    });
    if (request.network) request.network.state = 'Implemented';
    vm.accountid = owner.id;
    vm.keypairs = request.keypairs;
    vm.securitygroupids = request.securityGroups.map((g) => g.id);
    vm.affinitygroupids = request.affinityGroups.map((g) => g.id);
    this.resources.createVolumes(vm, request.rootSizeBytes, disk);
    this.state.announceSecurityGroupChange(vm.securitygroupids);
    const startVm = p.flag('startvm', true);
    if (!startVm) vm.state = 'Stopped';
    const outcome = this.faults.nextDeploy();
    const job = this.jobs.submit({
      command: 'deployVirtualMachine',
      cmd: `${USER_VM_CMD}.DeployVMCmd`,
      account: p.caller,
      instanceType: 'VirtualMachine',
      instanceId: vm.id,
      // The faults' jobDuration for deployVirtualMachine overrides this.
      delayMs: this.options.deployLatencyMs,
      run: async () => {
        if (startVm) await this.firstBoot(vm, owner, outcome);
        return { virtualmachine: this.view.toResponse(vm, p.caller) };
      },
    });
    return { id: vm.id, jobid: job.jobid };
  }

  /** What the deploy job does after allocation: place, boot, or fail as the faults say. */
  private async firstBoot(
    vm: VirtualMachineRecord,
    owner: AccountRecord,
    outcome: ReturnType<FaultInjector['nextDeploy']>,
  ) {
    const instance = `i-${owner.internalId}-${vm.internalId}-VM`;
    if (outcome === 'errorState') {
      vm.state = 'Error';
      throw ApiError.internal(`Unable to start VM instance ${instance}: the host reported a failure while starting it`);
    }
    const host = outcome === 'insufficientCapacity' ? undefined : this.planner.place(vm);
    if (!host) {
      // CloudStack leaves a VM it could not place in Error; the expunge thread removes it later.
      vm.state = 'Error';
      throw ApiError.insufficientCapacity(`Unable to create a deployment for VM[User|${instance}]`);
    }
    vm.hostid = host.id;
    await this.lifecycle.launch(vm);
    this.resources.markVolumesReady(vm);
  }

  private list(p: CommandParameters) {
    // An expunged VM's id still resolves (CloudStack keeps the row), so asking for it lists nothing.
    const id = p.entity('id', (value) => this.state.virtualMachines.get(value))?.id;
    const ids = p.list('ids');
    const name = p.optional('name')?.toLowerCase();
    const state = p.optional('state')?.toLowerCase();
    const keyword = keywordFilter(p);
    const tagged = tagFilter(p, this.state);
    const visible = this.access.listFilter(p);
    const [zone, template, offering] = ['zoneid', 'templateid', 'serviceofferingid'].map((n) => equalsParam(p, n));
    const group = p.optional('securitygroupid');
    const affinity = p.optional('affinitygroupid');
    const matches = this.state
      .liveVirtualMachines()
      .filter(visible)
      .filter((vm) => (!id || vm.id === id) && (!ids || ids.includes(vm.id)))
      // CloudStack matches the name with SQL LIKE '%name%'.
      .filter((vm) => !name || vm.name.toLowerCase().includes(name))
      .filter(
        (vm) =>
          !state ||
          vm.state.toLowerCase() === state ||
          (state === 'present' && !['destroyed', 'expunging'].includes(vm.state.toLowerCase())),
      )
      .filter((vm) => zone(vm.zoneid) && template(vm.templateid) && offering(vm.serviceofferingid))
      .filter(
        (vm) =>
          (!group || vm.securitygroupids?.includes(group)) && (!affinity || vm.affinitygroupids?.includes(affinity)),
      )
      .filter((vm) => keyword(vm.name, vm.displayname) && tagged(vm.id))
      .map((vm) => this.view.toResponse(vm, p.caller));
    return listResponse('virtualmachine', matches, p);
  }

  private findVm(p: CommandParameters, name = 'id'): VirtualMachineRecord {
    return this.access.owned(p, name, (id) => this.state.findLiveVirtualMachine(id), 'VirtualMachine');
  }

  private start(p: CommandParameters) {
    return this.runOnVm(p, 'startVirtualMachine', 'StartVMCmd', async (vm) => {
      if (vm.state === 'Stopped') {
        const host = this.planner.place(vm);
        if (!host) {
          const instance = `i-${this.access.ownerOf(vm).internalId}-${vm.internalId}-VM`;
          throw ApiError.insufficientCapacity(`Unable to create a deployment for VM[User|${instance}]`);
        }
        vm.hostid = host.id;
      }
      await this.lifecycle.start(vm);
      this.resources.markVolumesReady(vm);
    });
  }

  private runOnVm(
    p: CommandParameters,
    command: string,
    cmdClass: string,
    work: (vm: VirtualMachineRecord) => Promise<void>,
  ) {
    const vm = this.findVm(p);
    const job = this.jobs.submit({
      command,
      cmd: `${USER_VM_CMD}.${cmdClass}`,
      account: p.caller,
      instanceType: 'VirtualMachine',
      instanceId: vm.id,
      run: async () => {
        await work(vm);
        return { virtualmachine: this.view.toResponse(vm, p.caller) };
      },
    });
    return { jobid: job.jobid };
  }

  private destroy(p: CommandParameters) {
    const expunge = p.boolean('expunge');
    const vm = this.findVm(p);
    const volumeIds = (p.list('volumeids') ?? []).map((id) => {
      const volume = this.state.volumes.get(id);
      if (!volume || volume.removed) throw ApiError.invalidParameterValue(p.command, 'volumeids', id);
      if (volume.virtualmachineid !== vm.id || volume.type !== 'DATADISK') {
        throw ApiError.invalidParameter(
          `Please specify volumes that are attached to the VM as data disks: ${id} is not one`,
        );
      }
      return id;
    });
    const job = this.jobs.submit({
      command: 'destroyVirtualMachine',
      cmd: `${USER_VM_CMD}.DestroyVMCmd`,
      account: p.caller,
      instanceType: 'VirtualMachine',
      instanceId: vm.id,
      run: async () => {
        await this.lifecycle.destroy(vm, expunge);
        if (vm.removed) this.resources.releaseExpunged(vm, volumeIds);
        return { virtualmachine: this.view.toResponse(vm, p.caller) };
      },
    });
    return { jobid: job.jobid };
  }

  private expunge(p: CommandParameters) {
    const vm = this.findVm(p);
    const job = this.jobs.submit({
      command: 'expungeVirtualMachine',
      cmd: `${ADMIN_VM_CMD}.ExpungeVMCmd`,
      account: p.caller,
      instanceType: 'VirtualMachine',
      instanceId: vm.id,
      run: async () => {
        await this.lifecycle.expunge(vm);
        this.resources.releaseExpunged(vm);
        return { success: true };
      },
    });
    return { jobid: job.jobid };
  }

  /** recoverVirtualMachine is synchronous; the VM counts against the owner's limits again. */
  private recover(p: CommandParameters) {
    const vm = this.findVm(p);
    const offering = this.catalogue.findServiceOffering(vm.serviceofferingid);
    if (vm.state === 'Destroyed') {
      this.limits.check(this.access.ownerOf(vm), { user_vm: 1, cpu: offering?.cpunumber, memory: offering?.memory });
    }
    this.lifecycle.recover(vm);
    return { virtualmachine: this.view.toResponse(vm, p.caller) };
  }

  private newOffering(p: CommandParameters, vm: VirtualMachineRecord) {
    const offering = p.entity('serviceofferingid', (id) => this.catalogue.findServiceOffering(id), true);
    const current = this.catalogue.findServiceOffering(vm.serviceofferingid);
    if (offering.id === vm.serviceofferingid) {
      throw ApiError.invalidParameter(
        `Not upgrading vm ${vm.id} since it already has the requested service offering (${offering.name})`,
      );
    }
    this.limits.check(this.access.ownerOf(vm), {
      cpu: Math.max(0, offering.cpunumber - (current?.cpunumber ?? 0)),
      memory: Math.max(0, offering.memory - (current?.memory ?? 0)),
    });
    return offering;
  }

  /** Async; a running VM is resized in place when its host has room. */
  private scale(p: CommandParameters) {
    const vm = this.findVm(p);
    if (!['Running', 'Stopped'].includes(vm.state)) {
      throw ApiError.invalidParameter(`Unable to scale VM ${vm.id}: it is in state ${vm.state}`);
    }
    const offering = this.newOffering(p, vm);
    const job = this.jobs.submit({
      command: 'scaleVirtualMachine',
      cmd: `${USER_VM_CMD}.ScaleVMCmd`,
      account: p.caller,
      instanceType: 'VirtualMachine',
      instanceId: vm.id,
      run: async () => {
        const previous = vm.serviceofferingid;
        vm.serviceofferingid = offering.id;
        if (vm.state === 'Running' && this.planner.place(vm)?.id !== vm.hostid) {
          vm.serviceofferingid = previous;
          throw ApiError.insufficientCapacity(`Unable to scale VM ${vm.id}: not enough capacity on its host`);
        }
        return { virtualmachine: this.view.toResponse(vm, p.caller) };
      },
    });
    return { jobid: job.jobid };
  }

  /** Synchronous, and only for a stopped VM, as UserVmManagerImpl.upgradeStoppedVirtualMachine. */
  private changeService(p: CommandParameters) {
    const vm = this.findVm(p);
    if (vm.state !== 'Stopped') {
      throw ApiError.invalidParameter(
        `Unable to upgrade virtual machine ${vm.id} in state ${vm.state}; make sure the virtual machine is stopped`,
      );
    }
    vm.serviceofferingid = this.newOffering(p, vm).id;
    return { virtualmachine: this.view.toResponse(vm, p.caller) };
  }
}
