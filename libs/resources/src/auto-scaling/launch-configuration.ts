import { VirtualMachineSpec } from '../cloudstack-vm/virtual-machine-deployer';
import { blockDeviceDataDisk, blockDeviceRootDiskGiB } from '../ec2-instance/block-device-mappings';
import { ResourcePropertyError } from '../resource-type-plugin';

/**
 * The key under which the planner hands an AutoScalingGroup the evaluated properties of the launch configuration
 * its LaunchConfigurationName names (a launch configuration exists only in this service, ADR 28). Not a template
 * property: AWS property names never contain a colon.
 */
export const LAUNCH_CONFIGURATION_KEY = 'cfn:LaunchConfiguration';

/** What every member of a group is deployed with, read from the launch configuration's properties. */
export function memberSpec(launchConfiguration: Record<string, unknown>): VirtualMachineSpec {
  if (typeof launchConfiguration.ImageId !== 'string' || launchConfiguration.ImageId === '') {
    throw new ResourcePropertyError('The launch configuration has no ImageId');
  }
  const groups = (launchConfiguration.SecurityGroups as unknown[] | undefined) ?? [];
  return {
    template: launchConfiguration.ImageId,
    serviceOffering: String(
      launchConfiguration.InstanceType ?? process.env.CFN_DEFAULT_INSTANCE_TYPE ?? 'Small Instance',
    ),
    keyPair:
      typeof launchConfiguration.KeyName === 'string' && launchConfiguration.KeyName !== ''
        ? launchConfiguration.KeyName
        : undefined,
    userData: launchConfiguration.UserData as string | undefined,
    securityGroups: groups.map(String),
    dataDisk: blockDeviceDataDisk(
      launchConfiguration.BlockDeviceMappings as Array<Record<string, unknown>> | undefined,
    ),
    rootDiskGiB: blockDeviceRootDiskGiB(
      launchConfiguration.BlockDeviceMappings as Array<Record<string, unknown>> | undefined,
    ),
  };
}
