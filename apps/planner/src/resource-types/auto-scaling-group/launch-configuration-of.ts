import { StackResource } from '@cfn/persistence';
import { LAUNCH_CONFIGURATION_KEY, LAUNCH_CONFIGURATION_TYPE } from '@cfn/resources';

/** The stack's launch configuration a group's (evaluated) LaunchConfigurationName names, once it is created. */
export function launchConfigurationOf(
  groupProperties: Record<string, unknown>,
  rows: StackResource[],
): StackResource | undefined {
  const name = groupProperties.LaunchConfigurationName;
  return rows.find(
    (row) => row.resourceType === LAUNCH_CONFIGURATION_TYPE && row.physicalId !== null && row.physicalId === name,
  );
}

/**
 * A group is made from its launch configuration, which exists only in this service: the planner hands the
 * provisioner the launch configuration's evaluated properties with the group's own (ADR 28).
 */
export function withLaunchConfiguration(
  properties: Record<string, unknown>,
  rows: StackResource[],
): Record<string, unknown> {
  const launchConfiguration = launchConfigurationOf(properties, rows);
  return launchConfiguration
    ? { ...properties, [LAUNCH_CONFIGURATION_KEY]: launchConfiguration.properties ?? {} }
    : properties;
}
