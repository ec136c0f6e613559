import { ProvisionedResource, ResourceOperationContext, ResourceTypePlugin } from '../resource-type-plugin';
import { VolumeSnapshots } from './volume-snapshots';
import { CloudStackVolume, Volumes, VolumeSpec } from './volumes';

const GiB = 1024 ** 3;

abstract class VolumePluginBase implements ResourceTypePlugin {
  abstract readonly type: string;
  abstract readonly propertiesSchema: Record<string, unknown>;
  abstract readonly attributes: readonly string[];
  protected abstract spec(properties: Record<string, unknown>): VolumeSpec;
  protected abstract describe(volume: CloudStackVolume): ProvisionedResource;

  async findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    const volume = await new Volumes(ctx.cloud).findOfStack(ctx, this.spec(properties));
    return volume ? this.describe(volume) : null;
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    return this.describe(await new Volumes(ctx.cloud).create(ctx, this.spec(properties)));
  }

  /** DeletionPolicy Snapshot: a CloudStack volume snapshot, tagged with the stack's tags, outlives the volume. */
  async snapshot(ctx: ResourceOperationContext, physicalId: string): Promise<string> {
    return new VolumeSnapshots(ctx.cloud).keep(ctx, physicalId);
  }

  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    await new Volumes(ctx.cloud).delete(physicalId);
  }
}

/** AWS::EC2::Volume: Size in GiB on the custom-size disk offering, in AvailabilityZone; Ref is the volume id. */
export class Ec2VolumePlugin extends VolumePluginBase {
  readonly type = 'AWS::EC2::Volume';
  readonly attributes = ['VolumeId'] as const;
  readonly propertiesSchema = {
    type: 'object',
    required: ['AvailabilityZone'],
    properties: {
      AvailabilityZone: { type: 'string' },
      Size: { type: ['integer', 'string'] },
      VolumeType: { type: 'string' },
      Encrypted: { type: 'boolean' },
      Tags: { type: 'array', items: { type: 'object', required: ['Key', 'Value'] } },
    },
  };

  protected spec(properties: Record<string, unknown>): VolumeSpec {
    return {
      sizeGiB: properties.Size === undefined ? undefined : Number(properties.Size),
      zone: properties.AvailabilityZone as string,
    };
  }

  protected describe(volume: CloudStackVolume): ProvisionedResource {
    return { physicalId: volume.id, attributes: { VolumeId: volume.id } };
  }
}

/** CloudStack::Volume: createVolume's Name, ZoneId, DiskOfferingId and Size (GiB, for custom offerings). */
export class CloudStackVolumePlugin extends VolumePluginBase {
  readonly type = 'CloudStack::Volume';
  readonly attributes = ['Id', 'Name', 'Size'] as const;
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      Name: { type: 'string', minLength: 1 },
      ZoneId: { type: 'string' },
      DiskOfferingId: { type: 'string' },
      Size: { type: ['integer', 'string'] },
    },
  };

  protected spec(properties: Record<string, unknown>): VolumeSpec {
    return {
      name: properties.Name as string | undefined,
      zone: properties.ZoneId as string | undefined,
      diskOffering: properties.DiskOfferingId as string | undefined,
      sizeGiB: properties.Size === undefined ? undefined : Number(properties.Size),
    };
  }

  protected describe(volume: CloudStackVolume): ProvisionedResource {
    return {
      physicalId: volume.id,
      attributes: { Id: volume.id, Name: volume.name, Size: Math.round((volume.size ?? 0) / GiB) },
    };
  }
}

/** Attaching a volume to a VM; the physical id is the volume's (a volume is on one VM at a time). */
abstract class VolumeAttachmentPluginBase implements ResourceTypePlugin {
  abstract readonly type: string;
  abstract readonly propertiesSchema: Record<string, unknown>;
  readonly attributes = [] as const;
  protected abstract target(properties: Record<string, unknown>): { volume: string; vm: string; device?: string };

  findExisting(
    ctx: ResourceOperationContext,
    properties: Record<string, unknown>,
  ): Promise<ProvisionedResource | null> {
    return this.create(ctx, properties);
  }

  async create(ctx: ResourceOperationContext, properties: Record<string, unknown>): Promise<ProvisionedResource> {
    const { volume, vm, device } = this.target(properties);
    const attached = await new Volumes(ctx.cloud).attach(volume, vm, device);
    return { physicalId: attached.id, attributes: {} };
  }

  async delete(ctx: ResourceOperationContext, physicalId: string): Promise<void> {
    await new Volumes(ctx.cloud).detach(physicalId);
  }
}

/** AWS::EC2::VolumeAttachment: InstanceId, VolumeId, Device (/dev/sdf and the like). */
export class Ec2VolumeAttachmentPlugin extends VolumeAttachmentPluginBase {
  readonly type = 'AWS::EC2::VolumeAttachment';
  readonly propertiesSchema = {
    type: 'object',
    required: ['InstanceId', 'VolumeId'],
    properties: { InstanceId: { type: 'string' }, VolumeId: { type: 'string' }, Device: { type: 'string' } },
  };

  protected target(properties: Record<string, unknown>) {
    return {
      volume: String(properties.VolumeId),
      vm: String(properties.InstanceId),
      device: properties.Device as string | undefined,
    };
  }
}

/** CloudStack::VolumeAttachment: attachVolume's Id (the volume), VirtualMachineId and DeviceId. */
export class CloudStackVolumeAttachmentPlugin extends VolumeAttachmentPluginBase {
  readonly type = 'CloudStack::VolumeAttachment';
  readonly propertiesSchema = {
    type: 'object',
    additionalProperties: false,
    required: ['VolumeId', 'VirtualMachineId'],
    properties: {
      VolumeId: { type: 'string' },
      VirtualMachineId: { type: 'string' },
      DeviceId: { type: ['integer', 'string'] },
    },
  };

  protected target(properties: Record<string, unknown>) {
    const device =
      properties.DeviceId === undefined ? undefined : `vd${String.fromCharCode(97 + Number(properties.DeviceId))}`;
    return { volume: String(properties.VolumeId), vm: String(properties.VirtualMachineId), device };
  }
}
