import { catalogueMapFromEnv } from '../cloudstack-vm/catalogue-map';
import { blockDeviceDataDisk } from '../ec2-instance/block-device-mappings';
import { deviceIdFor } from '../volume/volumes';
import { ruleFromAws } from './security-group-rules';

describe('ruleFromAws', () => {
  it('reads ports, CIDR and AWS spellings of protocols', () => {
    expect(ruleFromAws('ingress', { IpProtocol: 'tcp', FromPort: 80, ToPort: 81, CidrIp: '0.0.0.0/0' })).toMatchObject({
      protocol: 'tcp',
      startport: 80,
      endport: 81,
      cidr: '0.0.0.0/0',
    });
    expect(ruleFromAws('ingress', { IpProtocol: '-1', CidrIp: '10.0.0.0/8' })).toMatchObject({
      protocol: 'all',
      cidr: '10.0.0.0/8',
    });
    expect(ruleFromAws('ingress', { IpProtocol: 'tcp', FromPort: -1, ToPort: -1, CidrIp: '10.0.0.0/8' })).toMatchObject(
      { startport: 1, endport: 65535 },
    );
    expect(
      ruleFromAws('ingress', { IpProtocol: 'icmp', FromPort: 8, ToPort: -1, SourceSecurityGroupName: 'web' }),
    ).toMatchObject({ protocol: 'icmp', icmptype: 8, icmpcode: -1, sourceGroup: { name: 'web' } });
  });

  it('refuses a rule without a source', () => {
    expect(() => ruleFromAws('ingress', { IpProtocol: 'tcp', FromPort: 22 })).toThrow(/CidrIp/);
  });
});

describe('deviceIdFor', () => {
  it('maps device letters to device ids, leaving reserved slots to CloudStack', () => {
    expect(deviceIdFor('/dev/sdf')).toBe(5);
    expect(deviceIdFor('xvdb')).toBe(1);
    expect(deviceIdFor('/dev/sdd')).toBeUndefined();
    expect(deviceIdFor(undefined)).toBeUndefined();
  });
});

describe('blockDeviceDataDisk', () => {
  it('takes one data disk, leaves the root device to rootdisksize, and refuses several disks', () => {
    expect(blockDeviceDataDisk([{ DeviceName: '/dev/sdb', Ebs: { VolumeSize: 8 } }])).toEqual({ sizeGiB: 8 });
    expect(blockDeviceDataDisk(undefined)).toBeUndefined();
    expect(blockDeviceDataDisk([{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8 } }])).toBeUndefined();
    expect(() =>
      blockDeviceDataDisk([
        { DeviceName: '/dev/sdb', Ebs: { VolumeSize: 8 } },
        { DeviceName: '/dev/sdc', Ebs: { VolumeSize: 8 } },
      ]),
    ).toThrow(/one data disk/);
  });
});

describe('catalogueMapFromEnv', () => {
  it('reads inline maps, the separate variables winning', () => {
    expect(
      catalogueMapFromEnv({
        CFN_IMAGE_MAP: '{"ami-1": "debian-12"}',
        CFN_INSTANCE_TYPE_MAP: '{"t3.micro": "Small Instance"}',
      }),
    ).toEqual({ images: { 'ami-1': 'debian-12' }, instanceTypes: { 't3.micro': 'Small Instance' } });
  });
});
