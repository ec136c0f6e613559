import { VirtualMachineSpec } from '../cloudstack-vm/virtual-machine-deployer';
import { VirtualMachinePluginBase } from '../cloudstack-vm/virtual-machine-plugin-base';
import { blockDeviceDataDisk, blockDeviceRootDiskGiB } from './block-device-mappings';

export const EC2_INSTANCE_TYPE = 'AWS::EC2::Instance';
/**
 * AWS::EC2::Instance on CloudStack: ImageId names a CloudStack template and InstanceType a service offering
 * (by id, by name, or through the deployment's catalogue map), AvailabilityZone a zone. UserData is already
 * Base64, as CloudStack wants it. SecurityGroups/SecurityGroupIds (names or ids) and Tags go with the VM; one
 * BlockDeviceMappings data disk is made with it, and the root device's mapping sizes the root disk (rootdisksize). SubnetId is the id of the CloudStack network to deploy into.
 */
export class Ec2InstancePlugin extends VirtualMachinePluginBase {
  readonly type = EC2_INSTANCE_TYPE;
  readonly attributes = ['PrivateIp', 'PublicIp', 'PrivateDnsName', 'PublicDnsName', 'AvailabilityZone'] as const;
  readonly propertiesSchema = {
    type: 'object',
    required: ['ImageId'],
    properties: {
      ImageId: { type: 'string', minLength: 1 },
      InstanceType: { type: 'string', minLength: 1 },
      KeyName: { type: 'string' },
      UserData: { type: 'string' },
      AvailabilityZone: { type: 'string' },
      SecurityGroups: { type: 'array', items: {} },
      SecurityGroupIds: { type: 'array', items: {} },
      SubnetId: { type: 'string' },
      BlockDeviceMappings: { type: 'array', items: { type: 'object' } },
      Tags: { type: 'array', items: { type: 'object', required: ['Key', 'Value'] } },
    },
  };
  /**
   * As AWS: InstanceType with some interruption (stop / changeServiceForVirtualMachine / start), Tags without;
   * ImageId, KeyName, AvailabilityZone, UserData (CloudStack cannot change it in place here), security groups and
   * disks need a new VM.
   */
  readonly updateBehaviour = { InstanceType: 'SomeInterruptions', Tags: 'NoInterruption' } as const;

  protected spec(properties: Record<string, unknown>): VirtualMachineSpec {
    const tags = (properties.Tags as Array<{ Key: string; Value: string }> | undefined) ?? [];
    const groups = [
      ...((properties.SecurityGroupIds as unknown[]) ?? []),
      ...((properties.SecurityGroups as unknown[]) ?? []),
    ];
    return {
      template: String(properties.ImageId),
      serviceOffering: String(properties.InstanceType ?? process.env.CFN_DEFAULT_INSTANCE_TYPE ?? 'Small Instance'),
      zone: properties.AvailabilityZone as string | undefined,
      keyPair: properties.KeyName as string | undefined,
      userData: properties.UserData as string | undefined,
      displayName: tags.find((tag) => tag.Key === 'Name')?.Value,
      securityGroups: groups.map(String),
      // A subnet is a CloudStack guest network here (CloudStack::Network's Ref).
      networkIds: properties.SubnetId ? [String(properties.SubnetId)] : undefined,
      dataDisk: blockDeviceDataDisk(properties.BlockDeviceMappings as Array<Record<string, unknown>> | undefined),
      rootDiskGiB: blockDeviceRootDiskGiB(properties.BlockDeviceMappings as Array<Record<string, unknown>> | undefined),
      tags: Object.fromEntries(tags.map((tag) => [tag.Key, String(tag.Value)])),
    };
  }
}
