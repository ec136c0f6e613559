import { StackResource } from '@cfn/persistence';
import {
  AUTO_SCALING_GROUP_TYPE,
  EC2_INSTANCE_TYPE,
  LAUNCH_CONFIGURATION_TYPE,
  WAIT_CONDITION_TYPE,
} from '@cfn/resources';

import { AutoScalingGroupHooks, LaunchConfigurationHooks } from './auto-scaling-group/auto-scaling.hooks';
import { MemberConfigurationRounds } from './auto-scaling-group/member-configuration-rounds';
import { ResourceTypeHookRegistry } from './resource-type-hook-registry';
import { WaitConditionHooks } from './wait-condition/wait-condition.hooks';

describe('ResourceTypeHookRegistry', () => {
  const registry = new ResourceTypeHookRegistry([
    new WaitConditionHooks(),
    new AutoScalingGroupHooks({} as MemberConfigurationRounds),
    new LaunchConfigurationHooks(),
  ]);
  const row = (resourceType: string) => ({ resourceType }) as StackResource;

  it('gives a type without hooks the ordinary cloud resource behaviour', () => {
    const hooks = registry.of(EC2_INSTANCE_TYPE);
    expect(hooks.handleCreate).toBeUndefined();
    expect(hooks.updatable).toBeUndefined();
    expect(registry.waitsItself(row(EC2_INSTANCE_TYPE))).toBe(false);
    expect(registry.workerProperties(EC2_INSTANCE_TYPE, { ImageId: 'x' }, [])).toEqual({ ImageId: 'x' });
  });

  it('finds each type its hooks', () => {
    expect(registry.waitsItself(row(WAIT_CONDITION_TYPE))).toBe(true);
    expect(registry.of(WAIT_CONDITION_TYPE).updatable).toBe(false);
    expect(registry.of(AUTO_SCALING_GROUP_TYPE).configuresItself).toBe(false);
  });

  it('refuses two sets of hooks for one type', () => {
    expect(() => new ResourceTypeHookRegistry([new WaitConditionHooks(), new WaitConditionHooks()])).toThrow(
      /Two sets/,
    );
  });

  it('hands a group its launch configuration properties', () => {
    const launch = {
      resourceType: LAUNCH_CONFIGURATION_TYPE,
      physicalId: 'lc-1',
      properties: { ImageId: 'debian' },
    } as unknown as StackResource;
    const properties = registry.workerProperties(AUTO_SCALING_GROUP_TYPE, { LaunchConfigurationName: 'lc-1' }, [
      launch,
    ]);
    expect(Object.values(properties)).toContainEqual({ ImageId: 'debian' });
  });

  it('configures a resource with configuration Metadata unless its type says the Metadata is not about itself', () => {
    const init = { 'AWS::CloudFormation::Init': { config: {} } };
    const template = {
      Resources: {
        Vm: { Type: EC2_INSTANCE_TYPE, Metadata: init },
        Launch: { Type: LAUNCH_CONFIGURATION_TYPE, Metadata: init },
      },
    };
    expect(registry.needsConfiguration(template, 'Vm')).toBe(true);
    expect(registry.needsConfiguration(template, 'Launch')).toBe(false);
  });
});
