import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  StackResource,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';
import { createConnection } from 'mysql2/promise';

import { settledStatus } from '../support/stack-status';
import { SystemUnderTest } from '../support/system-under-test';

interface Tag {
  key: string;
  value: string;
}
interface Rule {
  ruleid: string;
  protocol: string;
  startport?: number;
  endport?: number;
  cidr?: string;
}
interface Group {
  id: string;
  name: string;
  ingressrule: Rule[];
  egressrule: Rule[];
  tags: Tag[];
}

/** One stack with every type this suite covers, wired together with Ref and Fn::GetAtt. */
const TEMPLATE = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    AppGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'web',
        SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }],
        SecurityGroupEgress: [{ IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIp: '10.0.0.0/8' }],
      },
    },
    PeerGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'peers',
        SecurityGroupIngress: [
          { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: { Ref: 'AppGroup' } },
        ],
      },
    },
    SshIn: {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: { GroupId: { Ref: 'AppGroup' }, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '192.0.2.0/24' },
    },
    Key: { Type: 'AWS::EC2::KeyPair', Properties: { KeyName: 'rt-e2e-key' } },
    Web: {
      Type: 'AWS::EC2::Instance',
      Properties: {
        ImageId: 'ami-debian',
        InstanceType: 't3.micro',
        KeyName: { Ref: 'Key' },
        SecurityGroupIds: [{ Ref: 'AppGroup' }],
        BlockDeviceMappings: [{ DeviceName: '/dev/sdb', Ebs: { VolumeSize: 7 } }],
        Tags: [
          { Key: 'Name', Value: 'web' },
          { Key: 'team', Value: 'blue' },
        ],
      },
    },
    Data: {
      Type: 'AWS::EC2::Volume',
      Properties: { Size: 10, AvailabilityZone: { 'Fn::GetAtt': ['Web', 'AvailabilityZone'] } },
    },
    DataAttach: {
      Type: 'AWS::EC2::VolumeAttachment',
      Properties: { InstanceId: { Ref: 'Web' }, VolumeId: { Ref: 'Data' }, Device: '/dev/sdf' },
    },
    WebIp: { Type: 'AWS::EC2::EIP', Properties: { InstanceId: { Ref: 'Web' } } },
    Masters: { Type: 'CloudStack::AffinityGroup', Properties: {} },
    Master1: {
      Type: 'CloudStack::VirtualMachine',
      Properties: {
        TemplateId: 'debian-12',
        ServiceOfferingId: 'Small Instance',
        AffinityGroupIds: [{ Ref: 'Masters' }],
      },
    },
    Master2: {
      Type: 'CloudStack::VirtualMachine',
      Properties: {
        TemplateId: 'debian-12',
        ServiceOfferingId: 'Small Instance',
        AffinityGroupIds: [{ Ref: 'Masters' }],
        SecurityGroupIds: [{ Ref: 'NativeGroup' }],
      },
    },
    NativeGroup: { Type: 'CloudStack::SecurityGroup', Properties: { Description: 'native' } },
    NativeRule: {
      Type: 'CloudStack::SecurityGroupRule',
      Properties: {
        SecurityGroupId: { Ref: 'NativeGroup' },
        Type: 'ingress',
        Protocol: 'tcp',
        StartPort: 6443,
        EndPort: 6443,
        CidrList: '10.1.0.0/16',
      },
    },
    NativeIp: { Type: 'CloudStack::PublicIpAddress', Properties: {} },
    NativeNat: {
      Type: 'CloudStack::StaticNat',
      Properties: { IpAddressId: { Ref: 'NativeIp' }, VirtualMachineId: { Ref: 'Master1' } },
    },
    NativeVolume: { Type: 'CloudStack::Volume', Properties: { Size: 3 } },
    NativeAttach: {
      Type: 'CloudStack::VolumeAttachment',
      Properties: { VolumeId: { Ref: 'NativeVolume' }, VirtualMachineId: { Ref: 'Master2' } },
    },
  },
  Outputs: {
    GroupId: { Value: { 'Fn::GetAtt': ['AppGroup', 'GroupId'] } },
    GroupRef: { Value: { Ref: 'AppGroup' } },
    PublicIp: { Value: { 'Fn::GetAtt': ['WebIp', 'PublicIp'] } },
    AllocationId: { Value: { 'Fn::GetAtt': ['WebIp', 'AllocationId'] } },
    VolumeId: { Value: { Ref: 'Data' } },
    WebId: { Value: { Ref: 'Web' } },
    Fingerprint: { Value: { 'Fn::GetAtt': ['Key', 'KeyFingerprint'] } },
    NativeIp: { Value: { 'Fn::GetAtt': ['NativeIp', 'IpAddress'] } },
    MastersName: { Value: { 'Fn::GetAtt': ['Masters', 'Name'] } },
  },
});

describe('network, storage and key pair resource types through the AWS SDK', () => {
  const system = new SystemUnderTest({
    extraEnv: {
      CFN_KEY_ENCRYPTION_SECRET: 'e2e-key-encryption-secret',
      CFN_CATALOGUE_MAP: '',
      CFN_IMAGE_MAP: JSON.stringify({ 'ami-debian': 'debian-12' }),
      CFN_INSTANCE_TYPE_MAP: JSON.stringify({ 't3.micro': 'Small Instance' }),
    },
  });
  const waiter = () => ({ client: system.cloudFormation(), maxWaitTime: 120, minDelay: 1, maxDelay: 2 });
  const cs = () => system.cloudStack();

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  async function stackTagged(stackId: string): Promise<Array<Tag & { resourcetype: string; resourceid: string }>> {
    return cs().listAll('listTags', { key: 'cfn:stack-id', value: stackId, listall: true }, 'tag');
  }

  async function privateKeyRows(stackId: string): Promise<Array<{ key_name: string; encrypted_private_key: string }>> {
    const db = await createConnection(system.databaseUrl);
    try {
      const [rows] = await db.query(
        'SELECT key_name, encrypted_private_key FROM key_pair_private_keys WHERE stack_id = ?',
        [stackId],
      );
      return rows as Array<{ key_name: string; encrypted_private_key: string }>;
    } finally {
      await db.end();
    }
  }

  it('creates every type, wires them in the cloud, tags them with the stack, and removes all of it on delete', async () => {
    const cfn = system.cloudFormation();
    const stackName = 'resource-types';
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: TEMPLATE }));
    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    const stackUuid = StackId!.split('/').pop()!;

    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    const out = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
    const { StackResources = [] } = await cfn.send(new DescribeStackResourcesCommand({ StackName: stackName }));
    const physical = (logicalId: string) =>
      StackResources.find((r: StackResource) => r.LogicalResourceId === logicalId)!.PhysicalResourceId!;

    // Security groups: GetAtt GroupId is the id and, for a group without VpcId, Ref its name (as in AWS); inline
    // and separate rules (naming the group by that Ref) carry the right ports and CIDRs.
    const [app] = await cs().listAll<Group>('listSecurityGroups', { id: out.GroupId }, 'securitygroup');
    expect(out.GroupRef).toBe(app.name);
    expect(app.ingressrule).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ protocol: 'tcp', startport: 80, endport: 80, cidr: '0.0.0.0/0' }),
        expect.objectContaining({
          ruleid: physical('SshIn'),
          protocol: 'tcp',
          startport: 22,
          endport: 22,
          cidr: '192.0.2.0/24',
        }),
      ]),
    );
    expect(app.egressrule).toEqual([
      expect.objectContaining({ protocol: 'udp', startport: 53, endport: 53, cidr: '10.0.0.0/8' }),
    ]);
    const [peer] = await cs().listAll<Group>('listSecurityGroups', { id: physical('PeerGroup') }, 'securitygroup');
    expect(peer.ingressrule).toEqual([expect.objectContaining({ startport: 5432, securitygroupname: app.name })]);
    const [native] = await cs().listAll<Group>('listSecurityGroups', { id: physical('NativeGroup') }, 'securitygroup');
    expect(native.ingressrule).toEqual([
      expect.objectContaining({ ruleid: physical('NativeRule'), startport: 6443, cidr: '10.1.0.0/16' }),
    ]);

    // The instance: mapped image and type, its group, its tags, the key pair, a data disk made with it.
    const [web] = await cs().listAll('listVirtualMachines', { id: out.WebId }, 'virtualmachine');
    expect(web).toMatchObject({ templatename: 'debian-12', serviceofferingname: 'Small Instance', displayname: 'web' });
    expect(web.securitygroup.map((g: Group) => g.id)).toContain(out.GroupId);
    expect(web.keypairs ?? web.keypair).toContain('rt-e2e-key');
    expect(web.tags).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'cfn:stack-id', value: stackUuid, resourcetype: 'UserVm', resourceid: web.id }),
        expect.objectContaining({ key: 'cfn:logical-id', value: 'Web' }),
        expect.objectContaining({ key: 'cfn:stack-name', value: stackName }),
        expect.objectContaining({ key: 'team', value: 'blue' }),
      ]),
    );
    const webDisks = await cs().listAll('listVolumes', { virtualmachineid: web.id, type: 'DATADISK' }, 'volume');
    expect(
      webDisks.map((v: { id: string; size: number }) => [v.id === out.VolumeId, v.size / 1024 ** 3]).sort(),
    ).toEqual([
      [false, 7],
      [true, 10],
    ]);
    expect(webDisks.find((v: { id: string }) => v.id === out.VolumeId).deviceid).toBe(5);

    // The EIP: its address static-NATs to the instance.
    const [ip] = await cs().listAll('listPublicIpAddresses', { id: out.AllocationId }, 'publicipaddress');
    expect(ip).toMatchObject({ ipaddress: out.PublicIp, isstaticnat: true, virtualmachineid: web.id });
    expect(physical('WebIp')).toBe(out.PublicIp);
    const [nativeIp] = await cs().listAll('listPublicIpAddresses', { id: physical('NativeIp') }, 'publicipaddress');
    expect(nativeIp).toMatchObject({
      ipaddress: out.NativeIp,
      isstaticnat: true,
      virtualmachineid: physical('Master1'),
    });

    // Masters in one anti-affinity group, on different hosts; the native volume on Master2.
    const [masters] = await cs().listAll('listAffinityGroups', { id: physical('Masters') }, 'affinitygroup');
    expect(masters).toMatchObject({ type: 'host anti-affinity', name: out.MastersName });
    expect([...masters.virtualmachineIds].sort()).toEqual([physical('Master1'), physical('Master2')].sort());
    const [nativeVolume] = await cs().listAll('listVolumes', { id: physical('NativeVolume') }, 'volume');
    expect(nativeVolume).toMatchObject({ virtualmachineid: physical('Master2'), size: 3 * 1024 ** 3 });

    // Everything made is tagged with the stack (affinity groups included, though they cannot be listed by tag).
    const tagged = await stackTagged(stackUuid);
    const taggedIds = new Set(tagged.map((tag) => tag.resourceid));
    for (const logicalId of [
      'AppGroup',
      'PeerGroup',
      'NativeGroup',
      'Web',
      'Master1',
      'Master2',
      'Data',
      'NativeVolume',
      'Masters',
      'NativeIp',
    ]) {
      expect([logicalId, taggedIds.has(physical(logicalId))]).toEqual([logicalId, true]);
    }
    expect(taggedIds.has(out.AllocationId)).toBe(true);

    // The generated key's private half is kept encrypted, and nowhere in the stack's outputs or resources.
    expect(out.Fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const rows = await privateKeyRows(stackUuid);
    expect(rows).toEqual([expect.objectContaining({ key_name: 'rt-e2e-key' })]);
    expect(rows[0].encrypted_private_key).toMatch(/^v1:/);
    expect(rows[0].encrypted_private_key).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(stack)).not.toContain('PRIVATE KEY');

    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: stackName });

    expect(await stackTagged(stackUuid)).toEqual([]);
    const vms = await cs().listAll<{ id: string }>('listVirtualMachines', { listall: true }, 'virtualmachine');
    expect(vms.filter((vm) => [out.WebId, physical('Master1'), physical('Master2')].includes(vm.id))).toEqual([]);
    const volumes = await cs().listAll<{ id: string }>('listVolumes', { listall: true }, 'volume');
    expect(
      volumes.filter((v) => webDisks.some((d: { id: string }) => d.id === v.id) || v.id === physical('NativeVolume')),
    ).toEqual([]);
    const ips = await cs().listAll<{ id: string }>('listPublicIpAddresses', { listall: true }, 'publicipaddress');
    expect(ips.filter((i) => [out.AllocationId, physical('NativeIp')].includes(i.id))).toEqual([]);
    const groups = await cs().listAll<{ id: string }>('listSecurityGroups', { listall: true }, 'securitygroup');
    expect(groups.filter((g) => [out.GroupId, physical('PeerGroup'), physical('NativeGroup')].includes(g.id))).toEqual(
      [],
    );
    expect(await cs().listAll('listAffinityGroups', { listall: true }, 'affinitygroup')).toEqual([]);
    const keys = await cs().listAll<{ name: string }>('listSSHKeyPairs', { listall: true }, 'sshkeypair');
    expect(keys.map((k) => k.name)).not.toContain('rt-e2e-key');
    expect(await privateKeyRows(stackUuid)).toEqual([]);
  });

  it('fails an instance type that maps to nothing with a message naming it', async () => {
    const cfn = system.cloudFormation();
    const stackName = 'unmapped-type';
    const body = JSON.stringify({
      Resources: { Vm: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-debian', InstanceType: 'm9.huge' } } },
    });
    await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: body }));
    expect(await settledStatus(cfn, stackName)).toBe('ROLLBACK_COMPLETE');
    const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
    expect(
      StackEvents.find((e) => e.ResourceStatus === 'CREATE_FAILED' && e.LogicalResourceId === 'Vm')
        ?.ResourceStatusReason,
    ).toContain("Instance type 'm9.huge' does not exist");
  });

  it('refuses a template with a type no plugin provides, naming it, before making anything', async () => {
    const body = JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' }, Ip: { Type: 'AWS::EC2::EIP' } } });
    await expect(
      system.cloudFormation().send(new CreateStackCommand({ StackName: 'unsupported', TemplateBody: body })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Template format error: Unrecognized resource types: [AWS::SNS::Topic]',
    });
    await expect(system.cloudFormation().send(new DescribeStacksCommand({ StackName: 'unsupported' }))).rejects.toThrow(
      /does not exist/,
    );
  });
});
