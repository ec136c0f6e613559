import { Stack, StackResource } from '@cfn/persistence';

import { LaunchConfigurationHooks } from '../resource-types/auto-scaling-group/auto-scaling.hooks';
import { ResourceTypeHookRegistry } from '../resource-types/resource-type-hook-registry';
import { configurationRequest, creationTimeoutSeconds } from './configuration-request';

describe('configuration requests', () => {
  const template = {
    Resources: {
      Plain: { Type: 'AWS::EC2::Instance' },
      Init: {
        Type: 'AWS::EC2::Instance',
        Metadata: { 'AWS::CloudFormation::Init': { config: {} } },
        CreationPolicy: { ResourceSignal: { Timeout: 'PT1H5M30S' } },
      },
      Tasks: { Type: 'AWS::EC2::Instance', Metadata: { 'CloudStack::Configure': { tasks: [] } } },
      Launch: {
        Type: 'AWS::AutoScaling::LaunchConfiguration',
        Metadata: { 'AWS::CloudFormation::Init': { config: {} } },
      },
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

  it("passes on the config sets the resource's UserData names to cfn-init", () => {
    const script = {
      'Fn::Sub':
        '#!/bin/bash\n/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource Web --configsets Install,Run\n',
    };
    const init = { 'AWS::CloudFormation::Init': { configSets: { Install: ['a'], Run: ['b'] }, a: {}, b: {} } };
    const stack = {
      id: '00000000-0000-4000-8000-000000000001',
      name: 'st',
      accountId: '1',
      region: 'r1',
      arn: 'arn',
      availabilityZones: ['z1'],
      parameters: {},
      noEchoParameters: [],
      template: {
        Resources: {
          Web: { Type: 'AWS::EC2::Instance', Metadata: init, Properties: { UserData: { 'Fn::Base64': script } } },
          Plain: { Type: 'AWS::EC2::Instance', Metadata: init, Properties: { UserData: { 'Fn::Base64': 'echo hi' } } },
        },
      },
    } as unknown as Stack;
    const row = (logicalId: string) =>
      ({
        logicalId,
        resourceType: 'AWS::EC2::Instance',
        status: 'CREATE_IN_PROGRESS',
        physicalId: 'vm',
        attributes: { PrivateIp: '10.0.0.1' },
      }) as unknown as StackResource;
    const all = [row('Web'), row('Plain')];
    expect(configurationRequest(stack, all[0], all, '00000000-0000-4000-8000-000000000002', null).configSets).toEqual([
      'Install',
      'Run',
    ]);
    expect(configurationRequest(stack, all[1], all, '00000000-0000-4000-8000-000000000002', null)).not.toHaveProperty(
      'configSets',
    );
  });
});
