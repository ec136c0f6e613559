import { ResourcePropertyError } from '../resource-type-plugin';

const ROOT_DEVICES = /^\/dev\/(sda1?|xvda|vda)$/;

/**
 * The data disk BlockDeviceMappings asks for, made with the VM (deployVirtualMachine's diskofferingid and size):
 * CloudStack deploys at most one data disk, and the root disk's size comes from the template.
 */
export function blockDeviceDataDisk(mappings: Array<Record<string, unknown>> | undefined): { sizeGiB: number } | undefined {
  const disks = (mappings ?? []).filter((mapping) => mapping.Ebs && mapping.NoDevice === undefined && !mapping.VirtualName);
  for (const disk of disks) {
    if (ROOT_DEVICES.test(String(disk.DeviceName))) {
      throw new ResourcePropertyError(`BlockDeviceMappings: the root device ${String(disk.DeviceName)} cannot be resized; its size comes from the image`);
    }
  }
  if (disks.length === 0) return undefined;
  if (disks.length > 1) {
    throw new ResourcePropertyError('BlockDeviceMappings: one data disk can be made with an instance; attach more with AWS::EC2::VolumeAttachment');
  }
  const size = Number((disks[0].Ebs as Record<string, unknown>).VolumeSize);
  if (!Number.isInteger(size) || size < 1) throw new ResourcePropertyError('BlockDeviceMappings: Ebs.VolumeSize must be a whole number of GiB');
  return { sizeGiB: size };
}
