import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { SimulatedDiskOffering } from '../catalogue/simulator-catalogue';
import { VirtualMachineRecord, VolumeRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';

const GiB = 1024 ** 3;

/** What a VM holds besides itself (volumes, addresses, rules, tags), made at deploy and let go at expunge. */
@Injectable()
export class VirtualMachineResources {
  constructor(private readonly state: SimulatorState) {}

  /** The ROOT volume (the template's size, or rootdisksize), and a DATADISK when a disk offering was given. */
  createVolumes(
    vm: VirtualMachineRecord,
    rootSizeBytes: number,
    disk?: { offering: SimulatedDiskOffering; sizeGiB: number },
  ): void {
    const volume = (
      type: VolumeRecord['type'],
      sizeBytes: number,
      deviceid: number,
      offering?: SimulatedDiskOffering,
    ) => {
      const internalId = this.state.nextId('volume');
      const record: VolumeRecord = {
        id: randomUUID(),
        internalId,
        accountid: vm.accountid ?? '',
        created: new Date(),
        name: `${type}-${vm.internalId}`,
        type,
        zoneid: vm.zoneid,
        sizeBytes,
        diskofferingid: offering?.id,
        state: 'Allocated',
        virtualmachineid: vm.id,
        deviceid,
      };
      this.state.volumes.set(record.id, record);
    };
    volume('ROOT', rootSizeBytes, 0);
    if (disk) volume('DATADISK', disk.sizeGiB * GiB, 1, disk.offering);
  }

  /** Volumes get storage (Ready) when their VM first runs. */
  markVolumesReady(vm: VirtualMachineRecord): void {
    for (const volume of this.volumesOf(vm)) {
      volume.state = 'Ready';
      volume.attached ??= new Date();
    }
  }

  volumesOf(vm: VirtualMachineRecord): VolumeRecord[] {
    return [...this.state.volumes.values()].filter((v) => !v.removed && v.virtualmachineid === vm.id);
  }

  /**
   * After expunge: the ROOT volume and the data disks named at destroy go, other data disks stay (detached);
   * static NAT, port forwarding and load balancer memberships end; the VM's tags are deleted.
   */
  releaseExpunged(vm: VirtualMachineRecord, destroyVolumeIds: string[] = []): void {
    const now = new Date();
    for (const volume of this.volumesOf(vm)) {
      if (volume.type === 'ROOT' || destroyVolumeIds.includes(volume.id)) {
        volume.removed = now;
      } else {
        volume.virtualmachineid = undefined;
        volume.deviceid = undefined;
      }
    }
    for (const ip of this.state.publicIps.values()) {
      if (ip.staticNatVmId === vm.id) ip.staticNatVmId = undefined;
    }
    for (const rule of [...this.state.networkRules.values()]) {
      if (rule.purpose === 'PortForwarding' && rule.virtualmachineid === vm.id) this.state.networkRules.delete(rule.id);
      if (rule.purpose === 'LoadBalancing')
        rule.virtualmachineids = rule.virtualmachineids?.filter((id) => id !== vm.id);
    }
    this.state.tags = this.state.tags.filter((tag) => tag.resourceid !== vm.id);
    if (vm.securitygroupids?.length) this.state.announceSecurityGroupChange(vm.securitygroupids);
  }
}
