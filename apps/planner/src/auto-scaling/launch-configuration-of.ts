import { StackResource } from '@cfn/persistence';
import { LAUNCH_CONFIGURATION_KEY } from '@cfn/resources';

export const AUTO_SCALING_GROUP = 'AWS::AutoScaling::AutoScalingGroup';
export const LAUNCH_CONFIGURATION = 'AWS::AutoScaling::LaunchConfiguration';

/** The stack's launch configuration a group's (evaluated) LaunchConfigurationName names, once it is created. */
export function launchConfigurationOf(groupProperties: Record<string, unknown>, rows: StackResource[]): StackResource | undefined {
  const name = groupProperties.LaunchConfigurationName;
  return rows.find((row) => row.resourceType === LAUNCH_CONFIGURATION && row.physicalId !== null && row.physicalId === name);
}

/**
 * A group is made from its launch configuration, which exists only in this service: the planner hands the
 * provisioner the launch configuration's evaluated properties with the group's own (ADR 28). Other types pass
 * unchanged.
 */
export function withLaunchConfiguration(
  resourceType: string, properties: Record<string, unknown>, rows: StackResource[],
): Record<string, unknown> {
  if (resourceType !== AUTO_SCALING_GROUP) return properties;
  const launchConfiguration = launchConfigurationOf(properties, rows);
  return launchConfiguration ? { ...properties, [LAUNCH_CONFIGURATION_KEY]: launchConfiguration.properties ?? {} } : properties;
}
