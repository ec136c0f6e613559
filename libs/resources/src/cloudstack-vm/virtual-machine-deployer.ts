import { CloudStackClient } from '@cfn/cloudstack';

import { ProvisionedResource, ResourceOperationContext, ResourcePropertyError } from '../resource-type-plugin';
import { ignoringGone, stackTags, startTagging, tagWithStack } from '../stack-tagging/stack-tags';
import { CatalogueLookup } from './catalogue-lookup';
import { resolveGroupIds } from './group-references';
import { prepareStackAccess } from './stack-access';
import { vmNameFor } from './vm-naming';

/** What both VM resource types (AWS::EC2::Instance, CloudStack::VirtualMachine) ask CloudStack for. */
export interface VirtualMachineSpec {
  template: string;
  serviceOffering: string;
  zone?: string;
  keyPair?: string;
  userData?: string;
  displayName?: string;
  name?: string;
  /** Security groups by id or name. */
  securityGroups?: string[];
  /** Affinity groups by id or name. */
  affinityGroups?: string[];
  networkIds?: string[];
  /** A data disk made with the VM: a disk offering (the custom-size one when only a size is given) and GiB. */
  dataDisk?: { diskOffering?: string; sizeGiB?: number };
  /** The root disk's size in GiB (deployVirtualMachine's rootdisksize); the template's size when absent. */
  rootDiskGiB?: number;
  /** Tags beyond the stack's own. */
  tags?: Record<string, string>;
}

export interface CloudStackVirtualMachine {
  id: string;
  name: string;
  state: string;
  zoneid: string;
  zonename: string;
  publicip?: string;
  tags?: Array<{ key?: string; value?: string }>;
  nic?: Array<{ ipaddress?: string; isdefault?: boolean }>;
}

const GONE_STATES = new Set(['Destroyed', 'Expunging']);

/**
 * Deploys, finds and destroys the VM of one logical resource. The VM's name is derived from the stack and
 * logical id, so an attempt that died after calling deployVirtualMachine is found instead of deploying twice.
 */
export class VirtualMachineDeployer {
  vmName(ctx: ResourceOperationContext, spec: VirtualMachineSpec): string {
    return spec.name ?? vmNameFor(ctx.stackName, ctx.logicalId, ctx.stackId, ctx.generation);
  }

  async findExisting(ctx: ResourceOperationContext, spec: VirtualMachineSpec): Promise<ProvisionedResource | null> {
    const name = this.vmName(ctx, spec);
    const vms = await ctx.cloud.listAll<CloudStackVirtualMachine>('listVirtualMachines', { name }, 'virtualmachine');
    const vm = vms.find((candidate) => candidate.name === name && !GONE_STATES.has(candidate.state));
    if (!vm) return null;
    await ctx.recordProgress({ physicalId: vm.id });
    const settled = await this.waitWhileStarting(ctx.cloud, vm);
    if (settled.state !== 'Running') {
      throw new VirtualMachineFailedError(settled.id, `VM ${settled.name} is ${settled.state}`);
    }
    await tagWithStack(ctx, 'UserVm', settled, spec.tags);
    return this.describe(settled);
  }

  async create(ctx: ResourceOperationContext, spec: VirtualMachineSpec): Promise<ProvisionedResource> {
    const lookup = new CatalogueLookup(ctx.cloud);
    // Independent lookups go together: the first VMs of a stack would otherwise queue behind each one in turn.
    const zone = await lookup.zone(spec.zone);
    const [templateChoice, offeringChoice, access, extraGroupIds, affinityGroupIds, diskOffering] = await Promise.all([
      lookup.templateChoice(spec.template, zone.id),
      lookup.serviceOfferingChoice(spec.serviceOffering, zone.id),
      ctx.stackAccess
        ? prepareStackAccess(ctx.cloud, ctx.stackAccess, zone.securitygroupsenabled === true)
        : { keyPairName: undefined, securityGroupIds: [], ruleInForce: Promise.resolve() },
      resolveGroupIds(ctx.cloud, 'security', spec.securityGroups ?? []),
      resolveGroupIds(ctx.cloud, 'affinity', spec.affinityGroups ?? []),
      spec.dataDisk
        ? spec.dataDisk.diskOffering
          ? lookup.diskOffering(spec.dataDisk.diskOffering)
          : lookup.customDiskOffering()
        : undefined,
    ]);
    const template = templateChoice.item;
    const offering = offeringChoice.item;
    const keyPairs = [spec.keyPair, access.keyPairName].filter((name): name is string => !!name);
    const securityGroupIds = [...access.securityGroupIds, ...extraGroupIds];
    const deployed = await ctx.cloud.request<{ id: string; jobid: string }>('deployVirtualMachine', {
      zoneid: zone.id,
      templateid: template.id,
      serviceofferingid: offering.id,
      name: this.vmName(ctx, spec),
      displayname: spec.displayName ?? `${ctx.stackName}/${ctx.logicalId}`,
      keypairs: keyPairs.length > 0 ? keyPairs.join(',') : undefined,
      securitygroupids: securityGroupIds.length > 0 ? securityGroupIds.join(',') : undefined,
      affinitygroupids: affinityGroupIds.length > 0 ? affinityGroupIds.join(',') : undefined,
      networkids: spec.networkIds?.length ? spec.networkIds.join(',') : undefined,
      diskofferingid: diskOffering?.id,
      size: diskOffering?.iscustomized === true ? spec.dataDisk?.sizeGiB : undefined,
      rootdisksize: spec.rootDiskGiB,
      userdata: spec.userData,
    });
    // The ids are recorded while the deploy job runs rather than before waiting on it: the outcome is not reported
    // until the record is made, and a busy database then costs no time on the VM's own path.
    const recorded = ctx.recordProgress({ physicalId: deployed.id, jobId: deployed.jobid });
    // Tagging runs alongside the deploy job rather than after it, so the VM is not kept waiting for one more job.
    const tagging = startTagging(ctx.cloud, 'UserVm', deployed.id, { ...stackTags(ctx), ...spec.tags });
    const [made] = await Promise.all([
      this.awaitDeployJob(ctx.cloud, deployed.id, deployed.jobid),
      tagging.then((jobId) => ctx.cloud.waitForJob(jobId)),
      access.ruleInForce,
      recorded,
    ]);
    const notes = [templateChoice.note, offeringChoice.note].filter((note): note is string => !!note);
    return notes.length > 0 ? { ...made, note: notes.join('; ') } : made;
  }

  /** Resumes waiting on a deploy job an earlier attempt started. */
  async awaitDeployJob(cloud: CloudStackClient, vmId: string, jobId: string): Promise<ProvisionedResource> {
    try {
      const result = await cloud.waitForJob<{ virtualmachine: CloudStackVirtualMachine }>(jobId);
      const vm = result.virtualmachine;
      if (vm.state !== 'Running')
        throw new VirtualMachineFailedError(vm.id, `VM ${vm.name} ended in state ${vm.state}`);
      return this.describe(vm);
    } catch (error) {
      if (error instanceof VirtualMachineFailedError) throw error;
      if ((error as { name?: string }).name === 'CloudStackAsyncJobError') {
        throw new VirtualMachineFailedError(vmId, (error as Error).message);
      }
      throw error;
    }
  }

  /** Destroys the VM with the data disk made along with it (untagged); volumes of their own resources stay. */
  async delete(cloud: CloudStackClient, physicalId: string): Promise<void> {
    await ignoringGone(async () => {
      const disks = await cloud.listAll<{ id: string; type: string; tags?: Array<{ key?: string }> }>(
        'listVolumes',
        { virtualmachineid: physicalId, type: 'DATADISK', listall: true },
        'volume',
      );
      // Data disks that are resources of their own (tagged with a logical id) outlive the VM.
      const ownDisks = disks
        .filter((disk) => !disk.tags?.some((tag) => tag.key === 'cfn:logical-id'))
        .map((disk) => disk.id);
      await cloud.executeAsync('destroyVirtualMachine', {
        id: physicalId,
        expunge: true,
        volumeids: ownDisks.length > 0 ? ownDisks.join(',') : undefined,
      });
    });
  }

  describe(vm: CloudStackVirtualMachine): ProvisionedResource {
    const nic = vm.nic?.find((candidate) => candidate.isdefault) ?? vm.nic?.[0];
    const privateIp = nic?.ipaddress ?? '';
    return {
      physicalId: vm.id,
      attributes: {
        PrivateIp: privateIp,
        PublicIp: vm.publicip ?? privateIp,
        PrivateDnsName: vm.name,
        PublicDnsName: vm.name,
        AvailabilityZone: vm.zonename,
        Name: vm.name,
        Id: vm.id,
      },
    };
  }

  private async waitWhileStarting(
    cloud: CloudStackClient,
    vm: CloudStackVirtualMachine,
  ): Promise<CloudStackVirtualMachine> {
    let current = vm;
    for (let attempt = 0; current.state === 'Starting' && attempt < 600; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt)));
      const [fresh] = await cloud.listAll<CloudStackVirtualMachine>(
        'listVirtualMachines',
        { id: vm.id },
        'virtualmachine',
      );
      if (!fresh) throw new VirtualMachineFailedError(null, `VM ${vm.name} disappeared while starting`);
      current = fresh;
    }
    return current;
  }
}

/** The VM was made but did not reach Running; rollback must still remove it. */
export class VirtualMachineFailedError extends ResourcePropertyError {
  constructor(
    readonly physicalId: string | null,
    message: string,
  ) {
    super(message);
  }
}
