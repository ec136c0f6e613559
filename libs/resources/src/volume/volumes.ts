import { CloudStackApiError, CloudStackClient } from '@cfn/cloudstack';

import { CatalogueLookup } from '../cloudstack-vm/catalogue-lookup';
import { ResourceOperationContext, ResourcePropertyError } from '../resource-type-plugin';
import { ignoringGone, stackObjectName, tagWithStack } from '../stack-tagging/stack-tags';

export interface CloudStackVolume {
  id: string;
  name: string;
  size?: number;
  zonename?: string;
  virtualmachineid?: string;
  deviceid?: number;
  type?: string;
  /** Allocated until first attached (no storage yet), Ready afterwards. */
  state?: string;
  tags?: Array<{ key?: string; value?: string }>;
}

export interface VolumeSpec {
  sizeGiB?: number;
  diskOffering?: string;
  zone?: string;
  name?: string;
}

/** KVM keeps device 3 for the CD-ROM; 0 is the root disk. */
const RESERVED_DEVICE_IDS = new Set([0, 3]);

/**
 * A Linux device name (/dev/sdf, /dev/xvdb, xvdh) as CloudStack's device id: the letter's place in the alphabet.
 * Names CloudStack cannot honour (the root's or the CD-ROM's slot) leave the choice to CloudStack.
 */
export function deviceIdFor(device: string | undefined): number | undefined {
  const letter = device?.match(/(?:sd|xvd|vd|hd)([a-z])$/)?.[1];
  if (!letter) return undefined;
  const id = letter.charCodeAt(0) - 'a'.charCodeAt(0);
  return RESERVED_DEVICE_IDS.has(id) ? undefined : id;
}

/** Data volumes of a stack: named after the stack and logical id (how a retry finds them) and tagged with it. */
export class Volumes {
  constructor(private readonly cloud: CloudStackClient) {}

  async findOfStack(ctx: ResourceOperationContext, spec: VolumeSpec): Promise<CloudStackVolume | undefined> {
    const name = spec.name ?? stackObjectName(ctx);
    const volume = await this.cloud.findOne<CloudStackVolume>(
      'listVolumes',
      { name, listall: true },
      'volume',
      (v) => v.name === name,
    );
    if (volume) {
      await ctx.recordProgress({ physicalId: volume.id });
      await tagWithStack(ctx, 'Volume', volume);
    }
    return volume;
  }

  async create(ctx: ResourceOperationContext, spec: VolumeSpec): Promise<CloudStackVolume> {
    const lookup = new CatalogueLookup(this.cloud);
    const zone = await lookup.zone(spec.zone);
    const offering = spec.diskOffering
      ? await lookup.diskOffering(spec.diskOffering)
      : await lookup.customDiskOffering();
    if (offering.iscustomized === true && !spec.sizeGiB)
      throw new ResourcePropertyError(`Disk offering '${offering.name}' needs a size`);
    const started = await this.cloud.request<{ id: string; jobid: string }>('createVolume', {
      name: spec.name ?? stackObjectName(ctx),
      zoneid: zone.id,
      diskofferingid: offering.id,
      size: offering.iscustomized === true ? spec.sizeGiB : undefined,
    });
    await ctx.recordProgress({ physicalId: started.id, jobId: started.jobid });
    const { volume } = await this.cloud.waitForJob<{ volume: CloudStackVolume }>(started.jobid);
    await tagWithStack(ctx, 'Volume', volume);
    return volume;
  }

  async find(id: string): Promise<CloudStackVolume | undefined> {
    const volumes = await this.cloud
      .listAll<CloudStackVolume>('listVolumes', { id, listall: true }, 'volume')
      .catch((error) => ((error as { errorcode?: number }).errorcode === 431 ? [] : Promise.reject(error)));
    return volumes.find((volume) => volume.id === id);
  }

  /** Attaches the volume to the VM; already attached there is success (an earlier attempt's work). */
  async attach(volumeId: string, vmId: string, device: string | undefined): Promise<CloudStackVolume> {
    const volume = await this.find(volumeId);
    if (!volume) throw new ResourcePropertyError(`Volume '${volumeId}' does not exist in the cloud`);
    if (volume.virtualmachineid === vmId) return volume;
    const { result } = await this.cloud.executeAsync<{ volume: CloudStackVolume }>('attachVolume', {
      id: volumeId,
      virtualmachineid: vmId,
      deviceid: deviceIdFor(device),
    });
    return result.volume;
  }

  async detach(volumeId: string): Promise<void> {
    const volume = await this.find(volumeId);
    if (!volume?.virtualmachineid) return;
    await ignoringGone(() => this.cloud.executeAsync('detachVolume', { id: volumeId }));
  }

  /** Deletes the volume, detaching it first if the VM it was on is still there. */
  async delete(volumeId: string): Promise<void> {
    await this.detach(volumeId);
    try {
      await this.cloud.request('deleteVolume', { id: volumeId });
    } catch (error) {
      if (
        error instanceof CloudStackApiError &&
        error.errorcode === 431 &&
        /entity does not exist|Unable to find/i.test(error.errortext)
      )
        return;
      throw error;
    }
  }
}
