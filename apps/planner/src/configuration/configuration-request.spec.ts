import { creationTimeoutSeconds } from './configuration-request';
import { LaunchConfigurationHooks } from '../resource-types/auto-scaling-group/auto-scaling.hooks';
import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';

describe('configuration requests', () => {
  const template = {
    Resources: {
      Plain: { Type: 'AWS::EC2::Instance' },
      Init: { Type: 'AWS::EC2::Instance', Metadata: { 'AWS::CloudFormation::Init': { config: {} } },
        CreationPolicy: { ResourceSignal: { Timeout: 'PT1H5M30S' } } },
      Tasks: { Type: 'AWS::EC2::Instance', Metadata: { 'CloudStack::Configure': { tasks: [] } } },
      Launch: { Type: 'AWS::AutoScaling::LaunchConfiguration', Metadata: { 'AWS::CloudFormation::Init': { config: {} } } },
    },
  };

  const hooks = new ResourceTypeHookRegistry([new LaunchConfigurationHooks()]);
  const needsConfiguration = (t: typeof template, logicalId: string) => hooks.needsConfiguration(t, logicalId);

  it('configures only resources with cfn-init metadata or a task list', () => {
    expect(needsConfiguration(template, 'Plain')).toBe(false);
    expect(needsConfiguration(template, 'Init')).toBe(true);
    expect(needsConfiguration(template, 'Tasks')).toBe(true);
    // Its Metadata is for the members of its groups.
    expect(needsConfiguration(template, 'Launch')).toBe(false);
  });

  it('reads the CreationPolicy timeout as AWS does, with a default', () => {
    expect(creationTimeoutSeconds(template, 'Init')).toBe(3930);
    expect(creationTimeoutSeconds(template, 'Tasks')).toBe(1800);
  });
});
