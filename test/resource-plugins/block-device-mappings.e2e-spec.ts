import { CloudStackClient } from '@cfn/cloudstack';

import { SimulatorHarness } from '../../apps/cloudstack-simulator/src/testing/simulator-harness';
import {
  blockDeviceDataDisk,
  blockDeviceRootDiskGiB,
} from '../../libs/resources/src/ec2-instance/block-device-mappings';
import { Ec2InstancePlugin } from '../../libs/resources/src/ec2-instance/ec2-instance.plugin';
import { ResourceOperationContext, ResourcePropertyError } from '../../libs/resources/src/resource-type-plugin';

const GiB = 1024 ** 3;

describe('BlockDeviceMappings', () => {
  it("sizes the root disk by the image's root device, whatever the image calls it", () => {
    for (const DeviceName of ['/dev/xvda', '/dev/sda1', '/dev/sda', '/dev/vda', '/dev/nvme0n1']) {
      expect(blockDeviceRootDiskGiB([{ DeviceName, Ebs: { VolumeSize: '30', VolumeType: 'gp2' } }])).toBe(30);
    }
    expect(blockDeviceRootDiskGiB([{ DeviceName: '/dev/xvda', Ebs: { VolumeType: 'gp3' } }])).toBeUndefined();
    expect(blockDeviceRootDiskGiB([{ DeviceName: '/dev/sdb', Ebs: { VolumeSize: 5 } }])).toBeUndefined();
    expect(() => blockDeviceRootDiskGiB([{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 'big' } }])).toThrow(
      ResourcePropertyError,
    );
  });

  it('makes one data disk of the other mappings', () => {
    const mappings = [
      { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 30 } },
      { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 5 } },
    ];
    expect(blockDeviceDataDisk(mappings)).toEqual({ sizeGiB: 5 });
    expect(blockDeviceDataDisk(mappings.slice(0, 1))).toBeUndefined();
    expect(() => blockDeviceDataDisk([...mappings, { DeviceName: '/dev/sdg', Ebs: { VolumeSize: 1 } }])).toThrow(
      /one data disk/,
    );
  });

  describe('on the simulator', () => {
    let harness: SimulatorHarness;
    let cloud: CloudStackClient;
    beforeAll(async () => {
      harness = await SimulatorHarness.start();
      cloud = harness.admin();
    });
    afterAll(() => harness.close());

    it('deploys with rootdisksize: the ROOT volume has the size asked for', async () => {
      const ctx: ResourceOperationContext = {
        cloud,
        stackId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
        stackName: 'disks',
        logicalId: 'Web',
        accountId: '123456789012',
        region: 'zone-1',
        recordProgress: async () => undefined,
      };
      const made = await new Ec2InstancePlugin().create(ctx, {
        ImageId: 'debian-12',
        InstanceType: 'Small Instance',
        BlockDeviceMappings: [
          { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 25 } },
          { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 3 } },
        ],
      });
      const volumes = await cloud.listAll<{ type: string; size: number }>(
        'listVolumes',
        { virtualmachineid: made.physicalId },
        'volume',
      );
      expect(volumes.map((v) => [v.type, v.size])).toEqual([
        ['ROOT', 25 * GiB],
        ['DATADISK', 3 * GiB],
      ]);
    });
  });
});
