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
import { VirtualMachineRecord, VolumeRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { VolumeView } from '../views/volume.view';

const VOLUME_CMD = 'org.apache.cloudstack.api.command.user.volume';
const GiB = 1024 ** 3;
/** KVM keeps device 3 for the CD-ROM. */
const RESERVED_DEVICE_IDS = new Set([0, 3]);

@Injectable()
export class VolumeCommands implements CommandFamily {
  readonly handlers = {
    createVolume: (p: CommandParameters) => this.create(p),
    attachVolume: (p: CommandParameters) => this.attach(p),
    detachVolume: (p: CommandParameters) => this.detach(p),
    deleteVolume: (p: CommandParameters) => this.delete(p),
    listVolumes: (p: CommandParameters) => this.list(p),
  };

  readonly asyncCommands = ['createVolume', 'attachVolume', 'detachVolume'];

  constructor(
    private readonly catalogue: SimulatorCatalogue,
    private readonly state: SimulatorState,
    private readonly jobs: AsyncJobService,
    private readonly access: AccessControl,
    private readonly limits: ResourceLimits,
    private readonly view: VolumeView,
  ) {}

  private findVolume(p: CommandParameters): VolumeRecord {
    return this.access.owned(p, 'id', (id) => this.liveVolume(id), 'Volume');
  }

  private liveVolume(id: string): VolumeRecord | undefined {
    const volume = this.state.volumes.get(id);
    return volume && !volume.removed ? volume : undefined;
  }

  private create(p: CommandParameters) {
    const owner = this.access.actingAccount(p);
    const offering = p.entity('diskofferingid', (id) => this.catalogue.findDiskOffering(id), true);
    const vm = this.access.owned(
      p,
      'virtualmachineid',
      (id) => this.state.findLiveVirtualMachine(id),
      'VirtualMachine',
      false,
    );
    const zone = vm
      ? this.catalogue.findZone(vm.zoneid)!
      : p.entity('zoneid', (id) => this.catalogue.findZone(id), true);
    const size = p.integer('size');
    if (offering.iscustomized && (size === undefined || size <= 0)) {
      throw ApiError.invalidParameter(`This disk offering requires a custom size specified (${offering.name})`);
    }
    if (!offering.iscustomized && size !== undefined) {
      throw ApiError.invalidParameter('Size can only be specified with a customized disk offering');
    }
    const sizeGiB = offering.iscustomized ? size! : offering.disksize;
    this.limits.check(owner, { volume: 1, primary_storage: sizeGiB });
    const internalId = this.state.nextId('volume');
    const volume: VolumeRecord = {
      id: randomUUID(),
      internalId,
      accountid: owner.id,
      created: new Date(),
      name: p.optional('name') ?? `DATA-${internalId}`,
      type: 'DATADISK',
      zoneid: zone.id,
      sizeBytes: sizeGiB * GiB,
      diskofferingid: offering.id,
      state: 'Allocated',
    };
    this.state.volumes.set(volume.id, volume);
    const job = this.submit(p, 'CreateVolumeCmd', volume, async () => {
      if (vm) this.attachTo(volume, vm, undefined);
      return { volume: this.view.toResponse(volume) };
    });
    return { id: volume.id, jobid: job.jobid };
  }

  private attach(p: CommandParameters) {
    const volume = this.findVolume(p);
    const vm = this.access.owned(
      p,
      'virtualmachineid',
      (id) => this.state.findLiveVirtualMachine(id),
      'VirtualMachine',
    );
    const deviceid = p.integer('deviceid');
    if (volume.virtualmachineid)
      throw ApiError.invalidParameter('Please specify a volume that is not attached to any VM.');
    if (!['Running', 'Stopped'].includes(vm.state)) {
      throw ApiError.invalidParameter('Please specify a VM that is either running or stopped.');
    }
    if (deviceid !== undefined && (RESERVED_DEVICE_IDS.has(deviceid) || this.deviceIdsOf(vm).includes(deviceid))) {
      throw ApiError.invalidParameter(`deviceId ${deviceid} is used by another volume or reserved`);
    }
    const job = this.submit(p, 'AttachVolumeCmd', volume, async () => {
      if (volume.virtualmachineid)
        throw ApiError.invalidParameter('Please specify a volume that is not attached to any VM.');
      this.attachTo(volume, vm, deviceid);
      return { volume: this.view.toResponse(volume) };
    });
    return { jobid: job.jobid };
  }

  private detach(p: CommandParameters) {
    const volume = this.findVolume(p);
    if (volume.type === 'ROOT') throw ApiError.invalidParameter('Please specify a data volume.');
    if (!volume.virtualmachineid) throw ApiError.invalidParameter('Please specify a volume that is attached to a VM.');
    const job = this.submit(p, 'DetachVolumeCmd', volume, async () => {
      volume.virtualmachineid = undefined;
      volume.deviceid = undefined;
      return { volume: this.view.toResponse(volume) };
    });
    return { jobid: job.jobid };
  }

  /** Synchronous in CloudStack. */
  private delete(p: CommandParameters) {
    const volume = this.findVolume(p);
    if (volume.virtualmachineid)
      throw ApiError.invalidParameter('Please specify a volume that is not attached to any VM.');
    volume.removed = new Date();
    this.state.tags = this.state.tags.filter((tag) => tag.resourceid !== volume.id);
    return { success: true };
  }

  private list(p: CommandParameters) {
    const id = p.entity('id', (value) => this.state.volumes.get(value))?.id;
    const vmId = p.optional('virtualmachineid');
    const type = p.optional('type')?.toUpperCase();
    const name = p.optional('name');
    const [zone, diskOffering] = ['zoneid', 'diskofferingid'].map((n) => equalsParam(p, n));
    const keyword = keywordFilter(p);
    const tagged = tagFilter(p, this.state);
    const volumes = [...this.state.volumes.values()]
      .filter((v) => !v.removed)
      .filter(this.access.listFilter(p))
      .filter((v) => (!id || v.id === id) && (!vmId || v.virtualmachineid === vmId) && (!type || v.type === type))
      .filter((v) => (!name || v.name === name) && zone(v.zoneid) && diskOffering(v.diskofferingid))
      .filter((v) => keyword(v.name) && tagged(v.id))
      .map((v) => this.view.toResponse(v));
    return listResponse('volume', volumes, p);
  }

  private attachTo(volume: VolumeRecord, vm: VirtualMachineRecord, deviceid: number | undefined): void {
    const used = this.deviceIdsOf(vm);
    let next = deviceid ?? 1;
    while (deviceid === undefined && (used.includes(next) || RESERVED_DEVICE_IDS.has(next))) next++;
    volume.virtualmachineid = vm.id;
    volume.deviceid = next;
    volume.attached = new Date();
    volume.state = 'Ready';
  }

  private deviceIdsOf(vm: VirtualMachineRecord): number[] {
    return [...this.state.volumes.values()]
      .filter((v) => !v.removed && v.virtualmachineid === vm.id && v.deviceid !== undefined)
      .map((v) => v.deviceid!);
  }

  private submit(
    p: CommandParameters,
    cmdClass: string,
    volume: VolumeRecord,
    run: () => Promise<Record<string, unknown>>,
  ) {
    return this.jobs.submit({
      command: p.command,
      cmd: `${VOLUME_CMD}.${cmdClass}`,
      account: p.caller,
      instanceType: 'Volume',
      instanceId: volume.id,
      run,
    });
  }
}
