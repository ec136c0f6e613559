import { creationTimeoutSeconds, needsConfiguration } from './configuration-request';

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
