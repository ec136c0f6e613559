import { CloudStackClient } from '@cfn/cloudstack';

import { SimulatorHarness } from '../../apps/cloudstack-simulator/src/testing/simulator-harness';
import { AutoScalingGroupPlugin } from '../../libs/resources/src/auto-scaling/auto-scaling-group.plugin';
import { LAUNCH_CONFIGURATION_KEY } from '../../libs/resources/src/auto-scaling/launch-configuration';
import { LaunchConfigurationPlugin } from '../../libs/resources/src/auto-scaling/launch-configuration.plugin';
import { CloudStackVirtualMachine } from '../../libs/resources/src/cloudstack-vm/virtual-machine-deployer';
import { ResourceOperationContext } from '../../libs/resources/src/resource-type-plugin';

/** The group plugin against the simulator's API: create, resize in place (update), delete. */
describe('AutoScalingGroupPlugin on the simulator', () => {
  let harness: SimulatorHarness;
  let cloud: CloudStackClient;
  const plugin = new AutoScalingGroupPlugin();
  const progress: Array<{ physicalId?: string }> = [];

  const ctx = (): ResourceOperationContext => ({
    cloud,
    stackId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    stackName: 'fleet',
    logicalId: 'Workers',
    accountId: '123456789012',
    region: 'zone-1',
    recordProgress: async (p) => void progress.push(p),
  });
  const launchConfiguration = {
    ImageId: 'debian-12',
    InstanceType: 'Small Instance',
    UserData: Buffer.from('#!/bin/sh\n').toString('base64'),
  };
  const properties = (sizes: Record<string, string>) => ({
    LaunchConfigurationName: 'fleet-Config-0F1E2D3C4B5A',
    ...sizes,
    Tags: [
      { Key: 'Name', Value: 'worker', PropagateAtLaunch: 'true' },
      { Key: 'team', Value: 'ops', PropagateAtLaunch: false },
    ],
    [LAUNCH_CONFIGURATION_KEY]: launchConfiguration,
  });

  async function members(): Promise<CloudStackVirtualMachine[]> {
    const vms = await cloud.listAll<CloudStackVirtualMachine>(
      'listVirtualMachines',
      { listall: true },
      'virtualmachine',
    );
    return vms
      .filter((vm) => vm.state !== 'Destroyed' && vm.tags?.some((t) => t.key === 'aws:autoscaling:groupName'))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  beforeAll(async () => {
    harness = await SimulatorHarness.start();
    cloud = harness.admin();
  });
  afterAll(() => harness.close());

  it('checks a launch configuration against the catalogue and names it', async () => {
    const lc = new LaunchConfigurationPlugin();
    const made = await lc.create({ ...ctx(), logicalId: 'Config' }, launchConfiguration);
    expect(made.physicalId).toBe('fleet-Config-0F1E2D3C4B5A');
    await expect(
      lc.create({ ...ctx(), logicalId: 'Config' }, { ImageId: 'no-such-image', InstanceType: 'Small Instance' }),
    ).rejects.toThrow("Image 'no-such-image' does not exist in the cloud");
  });

  it('creates DesiredCapacity members tagged with the group and the stack; Ref is the group name', async () => {
    const made = await plugin.create(ctx(), properties({ MinSize: '1', MaxSize: '5', DesiredCapacity: '3' }));
    expect(made.physicalId).toBe('fleet-Workers-0F1E2D3C4B5A');
    expect(progress[0]).toEqual({ physicalId: 'fleet-Workers-0F1E2D3C4B5A' });
    const vms = await members();
    expect(vms).toHaveLength(3);
    for (const vm of vms) {
      const tags = Object.fromEntries(vm.tags!.map((t) => [t.key, t.value]));
      expect(tags).toMatchObject({
        'aws:autoscaling:groupName': 'fleet-Workers-0F1E2D3C4B5A',
        'cfn:stack-name': 'fleet',
        'cfn:logical-id': 'Workers',
        Name: 'worker',
      });
      expect(tags.team).toBeUndefined();
      expect(vm.state).toBe('Running');
    }
    expect((made.attributes.Members as Array<{ index: number }>).map((m) => m.index)).toEqual([0, 1, 2]);
    // A second create (a retry) finds the members and makes none.
    await plugin.findExisting(ctx(), properties({ MinSize: '1', MaxSize: '5', DesiredCapacity: '3' }));
    expect(await members()).toHaveLength(3);
  });

  it('resizes in place on update: adds members, then removes the newest, keeping the others', async () => {
    expect(plugin.updateBehaviour).toMatchObject({
      DesiredCapacity: 'NoInterruption',
      MinSize: 'NoInterruption',
      MaxSize: 'NoInterruption',
    });
    const before = (await members()).map((vm) => vm.id);
    const previous = properties({ MinSize: '1', MaxSize: '5', DesiredCapacity: '3' });
    // An update evaluated without the launch configuration still finds it among the previous properties.
    const { [LAUNCH_CONFIGURATION_KEY]: _omitted, ...next } = properties({
      MinSize: '1',
      MaxSize: '5',
      DesiredCapacity: '5',
    });
    const grown = await plugin.update(ctx(), 'fleet-Workers-0F1E2D3C4B5A', previous, next);
    expect(grown.physicalId).toBe('fleet-Workers-0F1E2D3C4B5A');
    const five = await members();
    expect(five).toHaveLength(5);
    expect(five.map((vm) => vm.id)).toEqual(expect.arrayContaining(before));

    const shrunk = await plugin.update(
      ctx(),
      'fleet-Workers-0F1E2D3C4B5A',
      next,
      properties({ MinSize: '1', MaxSize: '2' }),
    );
    expect((shrunk.attributes.Members as unknown[]).length).toBe(1);
    const one = await members();
    expect(one.map((vm) => vm.id)).toEqual([five[0].id]);
  });

  it('refuses sizes outside MinSize..MaxSize without touching the members', async () => {
    const previous = properties({ MinSize: '1', MaxSize: '2' });
    await expect(
      plugin.update(
        ctx(),
        'fleet-Workers-0F1E2D3C4B5A',
        previous,
        properties({ MinSize: '1', MaxSize: '3', DesiredCapacity: '4' }),
      ),
    ).rejects.toThrow('Desired capacity:4 must be between the specified min size:1 and max size:3');
    expect(await members()).toHaveLength(1);
    await expect(
      plugin.update(ctx(), 'fleet-Workers-0F1E2D3C4B5A', previous, { ...previous, VPCZoneIdentifier: ['subnet-1'] }),
    ).rejects.toThrow('VPCZoneIdentifier: not supported on CloudStack');
  });

  it('deletes every member; deleting again is success', async () => {
    await plugin.delete(ctx());
    expect(await members()).toHaveLength(0);
    await plugin.delete(ctx());
  });
});
