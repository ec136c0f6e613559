import { ResourcePropertyError } from '../resource-type-plugin';

/** The names AWS images give their root device (Amazon Linux /dev/xvda, Ubuntu and Debian /dev/sda1, ...). */
const ROOT_DEVICES = /^\/dev\/(sda1?|xvda|vda|nvme0n1)$/;

type Mapping = Record<string, unknown>;

/** Mappings that make an EBS disk (not an instance store, not a NoDevice suppressing one). */
function ebsDisks(mappings: Mapping[] | undefined): Mapping[] {
  return (mappings ?? []).filter((mapping) => mapping.Ebs && mapping.NoDevice === undefined && !mapping.VirtualName);
}

function sizeOf(disk: Mapping): number | undefined {
  const size = (disk.Ebs as Mapping).VolumeSize;
  if (size === undefined) return undefined;
  const gib = Number(size);
  if (!Number.isInteger(gib) || gib < 1)
    throw new ResourcePropertyError('BlockDeviceMappings: Ebs.VolumeSize must be a whole number of GiB');
  return gib;
}

/**
 * The root disk's size BlockDeviceMappings asks for (the mapping of the image's root device with Ebs.VolumeSize),
 * deployVirtualMachine's rootdisksize; undefined keeps the template's size.
 */
export function blockDeviceRootDiskGiB(mappings: Mapping[] | undefined): number | undefined {
  const roots = ebsDisks(mappings).filter((disk) => ROOT_DEVICES.test(String(disk.DeviceName)));
  if (roots.length > 1) throw new ResourcePropertyError('BlockDeviceMappings: one root device can be given');
  return roots.length ? sizeOf(roots[0]) : undefined;
}

/**
 * The data disk BlockDeviceMappings asks for, made with the VM (deployVirtualMachine's diskofferingid and size):
 * CloudStack deploys at most one data disk. The root device's mapping sizes the root disk instead.
 */
export function blockDeviceDataDisk(mappings: Mapping[] | undefined): { sizeGiB: number } | undefined {
  const disks = ebsDisks(mappings).filter((disk) => !ROOT_DEVICES.test(String(disk.DeviceName)));
  if (disks.length === 0) return undefined;
  if (disks.length > 1) {
    throw new ResourcePropertyError(
      'BlockDeviceMappings: one data disk can be made with an instance; attach more with AWS::EC2::VolumeAttachment',
    );
  }
  const size = sizeOf(disks[0]);
  if (size === undefined)
    throw new ResourcePropertyError('BlockDeviceMappings: Ebs.VolumeSize must be a whole number of GiB');
  return { sizeGiB: size };
}
