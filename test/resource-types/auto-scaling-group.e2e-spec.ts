import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';

interface Vm {
  id: string;
  name: string;
  state: string;
  zonename: string;
  tags?: Array<{ key: string; value: string }>;
}

const group = (sizes: Record<string, string>) =>
  JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Config: {
        Type: 'AWS::AutoScaling::LaunchConfiguration',
        Properties: {
          ImageId: 'debian-12',
          InstanceType: 'Small Instance',
          UserData: { 'Fn::Base64': '#!/bin/sh\necho hi\n' },
        },
      },
      Workers: {
        Type: 'AWS::AutoScaling::AutoScalingGroup',
        Properties: {
          LaunchConfigurationName: { Ref: 'Config' },
          ...sizes,
          AvailabilityZones: { 'Fn::GetAZs': '' },
          Tags: [{ Key: 'role', Value: 'worker', PropagateAtLaunch: 'true' }],
        },
      },
    },
    Outputs: { GroupName: { Value: { Ref: 'Workers' } } },
  });

/** AWS::AutoScaling::AutoScalingGroup from a launch configuration, across the built services and the simulator. */
describe('AWS::AutoScaling::AutoScalingGroup', () => {
  const system = new SystemUnderTest();

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  async function membersOf(groupName: string): Promise<Vm[]> {
    const vms = await system.cloudStack().listAll<Vm>('listVirtualMachines', { listall: true }, 'virtualmachine');
    return vms.filter((vm) =>
      vm.tags?.some((tag) => tag.key === 'aws:autoscaling:groupName' && tag.value === groupName),
    );
  }

  it('creates DesiredCapacity VMs tagged with the group and the stack, gives the group name as Ref, removes them with the stack', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(
      new CreateStackCommand({
        StackName: 'fleet',
        TemplateBody: group({ MinSize: '1', MaxSize: '4', DesiredCapacity: '3' }),
      }),
    );
    expect(await settledStatus(cfn, 'fleet', 180_000)).toBe('CREATE_COMPLETE');
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'fleet' }))).Stacks!;
    const groupName = stack.Outputs!.find((output) => output.OutputKey === 'GroupName')!.OutputValue!;
    expect(groupName).toMatch(/^fleet-Workers-[0-9A-F]{12}$/);
    const members = await membersOf(groupName);
    expect(members).toHaveLength(3);
    for (const vm of members) {
      const tags = Object.fromEntries(vm.tags!.map((tag) => [tag.key, tag.value]));
      expect(vm.state).toBe('Running');
      expect(tags).toMatchObject({
        'cfn:stack-name': 'fleet',
        'cfn:stack-id': stack.StackId!.split('/')[2],
        'cfn:logical-id': 'Workers',
        role: 'worker',
      });
    }
    await cfn.send(new DeleteStackCommand({ StackName: 'fleet' }));
    await waitUntilStackDeleteComplete(
      { client: cfn, maxWaitTime: 180, minDelay: 1, maxDelay: 2 },
      { StackName: stack.StackId! },
    );
    expect(await membersOf(groupName)).toHaveLength(0);
  });

  it('resizes the group in place on UpdateStack: members are added, then the newest removed, the rest untouched', async () => {
    const cfn = system.cloudFormation();
    await cfn.send(
      new CreateStackCommand({
        StackName: 'resized',
        TemplateBody: group({ MinSize: '1', MaxSize: '4', DesiredCapacity: '2' }),
      }),
    );
    expect(await settledStatus(cfn, 'resized', 180_000)).toBe('CREATE_COMPLETE');
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: 'resized' }))).Stacks!;
    const groupName = stack.Outputs!.find((output) => output.OutputKey === 'GroupName')!.OutputValue!;
    const first = (await membersOf(groupName)).map((vm) => vm.id).sort();
    expect(first).toHaveLength(2);

    await cfn.send(
      new UpdateStackCommand({
        StackName: 'resized',
        TemplateBody: group({ MinSize: '1', MaxSize: '4', DesiredCapacity: '4' }),
      }),
    );
    expect(await settledStatus(cfn, 'resized', 180_000)).toBe('UPDATE_COMPLETE');
    const grown = (await membersOf(groupName)).map((vm) => vm.id);
    expect(grown).toHaveLength(4);
    expect(grown).toEqual(expect.arrayContaining(first));
    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: 'resized' }));
    // In place: the group's name (its physical id) stays, and nothing is replaced.
    expect(
      StackEvents.some(
        (e) =>
          e.LogicalResourceId === 'Workers' &&
          e.ResourceStatus === 'UPDATE_COMPLETE' &&
          e.PhysicalResourceId === groupName,
      ),
    ).toBe(true);

    await cfn.send(
      new UpdateStackCommand({
        StackName: 'resized',
        TemplateBody: group({ MinSize: '1', MaxSize: '4', DesiredCapacity: '1' }),
      }),
    );
    expect(await settledStatus(cfn, 'resized', 180_000)).toBe('UPDATE_COMPLETE');
    const shrunk = (await membersOf(groupName)).map((vm) => vm.id);
    expect(shrunk).toHaveLength(1);
    expect(first).toContain(shrunk[0]);

    await cfn.send(new DeleteStackCommand({ StackName: 'resized' }));
    await waitUntilStackDeleteComplete(
      { client: cfn, maxWaitTime: 180, minDelay: 1, maxDelay: 2 },
      { StackName: stack.StackId! },
    );
    expect(await membersOf(groupName)).toHaveLength(0);
  });

  it.each([
    [
      { MinSize: '1', MaxSize: '3', DesiredCapacity: '5' },
      'Desired capacity:5 must be between the specified min size:1 and max size:3',
    ],
    [{ MinSize: '3', MaxSize: '1' }, 'Max bound, 1, must be greater than or equal to min bound, 3'],
  ])('fails the group for sizes %j in AWS words, and rolls back leaving no VM', async (sizes, reason) => {
    const cfn = system.cloudFormation();
    const name = `bad-sizes-${sizes.MaxSize}`;
    await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: group(sizes) }));
    expect(await settledStatus(cfn, name, 180_000)).toBe('ROLLBACK_COMPLETE');
    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: name }));
    expect(
      StackEvents.find((e) => e.LogicalResourceId === 'Workers' && e.ResourceStatus === 'CREATE_FAILED')
        ?.ResourceStatusReason,
    ).toBe(reason);
    const vms = await system.cloudStack().listAll<Vm>('listVirtualMachines', { listall: true }, 'virtualmachine');
    expect(vms.filter((vm) => vm.tags?.some((tag) => tag.key === 'cfn:stack-name' && tag.value === name))).toHaveLength(
      0,
    );
  });
});
