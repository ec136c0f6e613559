import { formatCloudStackDate } from '@cfn/cloudstack';
import { Injectable } from '@nestjs/common';

import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { AccountRegistry } from '../state/account-registry';
import { VolumeRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { ownerFields } from './owner-fields';
import { TagView } from './tag.view';

/** VolumeResponse. */
@Injectable()
export class VolumeView {
  constructor(
    private readonly catalogue: SimulatorCatalogue,
    private readonly state: SimulatorState,
    private readonly accounts: AccountRegistry,
    private readonly tags: TagView,
  ) {}

  toResponse(volume: VolumeRecord): Record<string, unknown> {
    const vm = volume.virtualmachineid ? this.state.virtualMachines.get(volume.virtualmachineid) : undefined;
    const offering = volume.diskofferingid ? this.catalogue.findDiskOffering(volume.diskofferingid) : undefined;
    const template = volume.type === 'ROOT' && vm ? this.catalogue.findTemplate(vm.templateid) : undefined;
    return {
      id: volume.id,
      name: volume.name,
      zoneid: volume.zoneid,
      zonename: this.catalogue.zone.name,
      type: volume.type,
      ...(vm
        ? {
            deviceid: volume.deviceid,
            virtualmachineid: vm.id,
            vmname: vm.name,
            vmdisplayname: vm.displayname,
            vmstate: vm.state,
          }
        : {}),
      ...(template
        ? { templateid: template.id, templatename: template.name, templatedisplaytext: template.displaytext }
        : {}),
      provisioningtype: 'thin',
      size: volume.sizeBytes,
      created: formatCloudStackDate(volume.created),
      ...(volume.attached ? { attached: formatCloudStackDate(volume.attached) } : {}),
      state: volume.state,
      ...ownerFields(this.accounts.ownerOf(volume)),
      storagetype: 'shared',
      hypervisor: 'KVM',
      ...(offering
        ? {
            diskofferingid: offering.id,
            diskofferingname: offering.name,
            diskofferingdisplaytext: offering.displaytext,
          }
        : {}),
      destroyed: false,
      isextractable: false,
      displayvolume: true,
      tags: this.tags.tagsOf(volume.id),
    };
  }
}
