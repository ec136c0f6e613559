import { tagParams } from '@cfn/cloudstack';

import { ProvisionedResource, ResourceOperationContext, ResourcePropertyError } from '../resource-type-plugin';
import { CatalogueLookup } from './catalogue-lookup';
import { CloudStackVirtualMachine, VirtualMachineDeployer, VirtualMachineSpec } from './virtual-machine-deployer';

/**
 * Changes a running VM in place: a new service offering (CloudStack changes it only on a stopped VM:
 * stop → changeServiceForVirtualMachine → start) and its own tags. Each step first looks at the VM, so a retried
 * update continues where an earlier attempt stopped instead of failing on a step already done.
 */
export class VirtualMachineUpdater {
  constructor(private readonly deployer: VirtualMachineDeployer) {}

  /** Brings the VM to `next`, compared with the VM itself (not `previous`): a retried or reverted change does what is left. */
  async update(
    ctx: ResourceOperationContext,
    physicalId: string,
    _previous: VirtualMachineSpec,
    next: VirtualMachineSpec,
  ): Promise<ProvisionedResource> {
    let vm = await this.vm(ctx, physicalId);
    const { item: offering, note } = await new CatalogueLookup(ctx.cloud).serviceOfferingChoice(
      next.serviceOffering,
      vm.zoneid,
    );
    const changed = vm.serviceofferingid !== offering.id;
    if (changed) {
      if (vm.state === 'Running') await ctx.cloud.executeAsync('stopVirtualMachine', { id: physicalId });
      await ctx.cloud.request('changeServiceForVirtualMachine', { id: physicalId, serviceofferingid: offering.id });
      vm = await this.vm(ctx, physicalId);
    }
    // A VM an earlier attempt stopped (or that was stopped for the change above) runs again.
    if (vm.state === 'Stopped') await ctx.cloud.executeAsync('startVirtualMachine', { id: physicalId });
    // The stack's Tags (as the update sets them) are the VM's too, as on create; its own Tags win over them.
    await this.retag(ctx, physicalId, userTags(vm), { ...(ctx.stackUserTags ?? {}), ...(next.tags ?? {}) });
    const updated = this.deployer.describe(await this.vm(ctx, physicalId));
    return changed && note ? { ...updated, note } : updated;
  }

  private async retag(
    ctx: ResourceOperationContext,
    physicalId: string,
    previous: Record<string, string>,
    next: Record<string, string>,
  ): Promise<void> {
    const stale = Object.keys(previous).filter((key) => next[key] !== previous[key]);
    const wanted = Object.fromEntries(Object.entries(next).filter(([key, value]) => previous[key] !== value));
    if (stale.length > 0) {
      const keys = Object.fromEntries(stale.map((key, index) => [`tags[${index}].key`, key]));
      await ctx.cloud.executeAsync('deleteTags', { resourcetype: 'UserVm', resourceids: physicalId, ...keys });
    }
    if (Object.keys(wanted).length > 0) {
      await ctx.cloud.executeAsync('createTags', {
        resourcetype: 'UserVm',
        resourceids: physicalId,
        ...tagParams(wanted),
      });
    }
  }

  private async vm(
    ctx: ResourceOperationContext,
    id: string,
  ): Promise<CloudStackVirtualMachine & { serviceofferingid?: string }> {
    const [vm] = await ctx.cloud.listAll<CloudStackVirtualMachine & { serviceofferingid?: string }>(
      'listVirtualMachines',
      { id },
      'virtualmachine',
    );
    if (!vm) throw new ResourcePropertyError(`VM ${id} does not exist`);
    return vm;
  }
}

/** The VM's own tags as CloudStack has them (the stack's cfn:* tags are not the template's to change). */
function userTags(vm: CloudStackVirtualMachine): Record<string, string> {
  return Object.fromEntries(
    (vm.tags ?? []).filter((tag) => tag.key && !tag.key.startsWith('cfn:')).map((tag) => [tag.key!, tag.value ?? '']),
  );
}
