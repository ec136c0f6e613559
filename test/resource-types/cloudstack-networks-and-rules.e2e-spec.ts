import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  waitUntilStackCreateComplete,
  waitUntilStackDeleteComplete,
} from '@aws-sdk/client-cloudformation';

import { SystemUnderTest } from '../support/system-under-test';

interface Tag {
  key: string;
  value: string;
}
interface Nic {
  networkid: string;
  ipaddress: string;
}

/** A network with two VMs in it (the native and the AWS spelling), and the rules of one public address. */
const TEMPLATE = JSON.stringify({
  Resources: {
    Net: {
      Type: 'CloudStack::Network',
      Properties: {
        NetworkOfferingId: 'DefaultIsolatedNetworkOfferingWithSourceNatService',
        DisplayText: 'app network',
        Gateway: '10.42.0.1',
        Netmask: '255.255.255.0',
      },
    },
    Web1: {
      Type: 'CloudStack::VirtualMachine',
      Properties: { TemplateId: 'debian-12', ServiceOfferingId: 'Small Instance', NetworkIds: [{ Ref: 'Net' }] },
    },
    Web2: {
      Type: 'AWS::EC2::Instance',
      Properties: { ImageId: 'debian-12', InstanceType: 'Small Instance', SubnetId: { Ref: 'Net' } },
    },
    Ip: { Type: 'CloudStack::PublicIpAddress', Properties: {} },
    Ssh: {
      Type: 'CloudStack::PortForwardingRule',
      Properties: {
        IpAddressId: { Ref: 'Ip' },
        Protocol: 'tcp',
        PublicPort: 2222,
        PrivatePort: 22,
        VirtualMachineId: { Ref: 'Web1' },
        CidrList: '198.51.100.0/24',
      },
    },
    Admin: {
      Type: 'CloudStack::FirewallRule',
      Properties: {
        IpAddressId: { Ref: 'Ip' },
        Protocol: 'tcp',
        StartPort: 8443,
        EndPort: 8444,
        CidrList: ['203.0.113.0/24'],
      },
    },
    Web: {
      Type: 'CloudStack::LoadBalancerRule',
      Properties: {
        PublicIpId: { Ref: 'Ip' },
        PublicPort: 80,
        PrivatePort: 8080,
        Algorithm: 'leastconn',
        VirtualMachineIds: [{ Ref: 'Web1' }, { Ref: 'Web2' }],
      },
    },
  },
  Outputs: {
    NetId: { Value: { Ref: 'Net' } },
    NetCidr: { Value: { 'Fn::GetAtt': ['Net', 'Cidr'] } },
    NetName: { Value: { 'Fn::GetAtt': ['Net', 'Name'] } },
    Web1: { Value: { Ref: 'Web1' } },
    Web2: { Value: { Ref: 'Web2' } },
    Web2Ip: { Value: { 'Fn::GetAtt': ['Web2', 'PrivateIp'] } },
    IpId: { Value: { Ref: 'Ip' } },
    SshId: { Value: { Ref: 'Ssh' } },
    SshAddress: { Value: { 'Fn::GetAtt': ['Ssh', 'IpAddress'] } },
    SshGuestIp: { Value: { 'Fn::GetAtt': ['Ssh', 'VmGuestIp'] } },
    AdminId: { Value: { 'Fn::GetAtt': ['Admin', 'Id'] } },
    WebId: { Value: { Ref: 'Web' } },
    WebName: { Value: { 'Fn::GetAtt': ['Web', 'Name'] } },
    WebPublicIp: { Value: { 'Fn::GetAtt': ['Web', 'PublicIp'] } },
  },
});

describe('CloudStack networks, port forwarding, firewall and load balancer rules', () => {
  const system = new SystemUnderTest();
  const waiter = () => ({ client: system.cloudFormation(), maxWaitTime: 150, minDelay: 1, maxDelay: 2 });
  const cs = () => system.cloudStack();

  beforeAll(() => system.start(), 120_000);
  afterAll(() => system.stop(), 60_000);

  it('creates them, wires VMs and rules in the cloud, and removes all of it on delete', async () => {
    const cfn = system.cloudFormation();
    const stackName = 'networks-and-rules';
    const { StackId } = await cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: TEMPLATE }));
    await waitUntilStackCreateComplete(waiter(), { StackName: stackName });
    const stackUuid = StackId!.split('/').pop()!;
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks!;
    const out = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
    const stackTag = expect.objectContaining({ key: 'cfn:stack-id', value: stackUuid });

    // The network, made from the offering in the default zone, tagged with the stack; both VMs are in it.
    const [net] = await cs().listAll('listNetworks', { id: out.NetId }, 'network');
    expect(net).toMatchObject({
      name: out.NetName,
      displaytext: 'app network',
      cidr: '10.42.0.0/24',
      gateway: '10.42.0.1',
      type: 'Isolated',
      state: 'Implemented',
    });
    expect(out.NetCidr).toBe('10.42.0.0/24');
    expect(net.tags).toEqual(
      expect.arrayContaining([stackTag, expect.objectContaining({ key: 'cfn:logical-id', value: 'Net' })]),
    );
    const vms = await cs().listAll('listVirtualMachines', { networkid: out.NetId }, 'virtualmachine');
    for (const id of [out.Web1, out.Web2]) {
      const vm =
        vms.find((candidate: { id: string }) => candidate.id === id) ??
        (await cs().listAll('listVirtualMachines', { id }, 'virtualmachine'))[0];
      expect(vm.nic).toEqual([
        expect.objectContaining({ networkid: out.NetId, ipaddress: expect.stringMatching(/^10\.42\.0\.\d+$/) }),
      ]);
    }
    const [web1] = await cs().listAll('listVirtualMachines', { id: out.Web1 }, 'virtualmachine');
    const web1Ip = (web1.nic as Nic[])[0].ipaddress;
    expect(out.Web2Ip).toMatch(/^10\.42\.0\.\d+$/);

    // Port forwarding: public 2222 on the stack's address to Web1's port 22, from one range.
    const [ip] = await cs().listAll('listPublicIpAddresses', { id: out.IpId }, 'publicipaddress');
    const [ssh] = await cs().listAll('listPortForwardingRules', { id: out.SshId }, 'portforwardingrule');
    expect(ssh).toMatchObject({
      ipaddressid: out.IpId,
      ipaddress: ip.ipaddress,
      protocol: 'tcp',
      publicport: '2222',
      publicendport: '2222',
      privateport: '22',
      privateendport: '22',
      virtualmachineid: out.Web1,
      vmguestip: web1Ip,
      cidrlist: '198.51.100.0/24',
    });
    expect(out.SshAddress).toBe(ip.ipaddress);
    expect(out.SshGuestIp).toBe(web1Ip);
    expect(ssh.tags).toEqual(expect.arrayContaining([stackTag]));

    // The firewall rule: its ports, protocol and CIDR on the same address.
    const [admin] = await cs().listAll('listFirewallRules', { id: out.AdminId }, 'firewallrule');
    expect(admin).toMatchObject({
      ipaddressid: out.IpId,
      protocol: 'tcp',
      startport: 8443,
      endport: 8444,
      cidrlist: '203.0.113.0/24',
    });
    expect(admin.tags).toEqual(expect.arrayContaining([stackTag]));

    // The load balancer rule with both VMs as members.
    const [web] = await cs().listAll('listLoadBalancerRules', { id: out.WebId }, 'loadbalancerrule');
    expect(web).toMatchObject({
      name: out.WebName,
      publicipid: out.IpId,
      publicip: ip.ipaddress,
      publicport: '80',
      privateport: '8080',
      algorithm: 'leastconn',
    });
    expect(out.WebPublicIp).toBe(ip.ipaddress);
    expect(web.tags).toEqual(expect.arrayContaining([stackTag]));
    const members = await cs().listAll<{ id: string }>(
      'listLoadBalancerRuleInstances',
      { id: out.WebId },
      'loadbalancerruleinstance',
    );
    expect(members.map((vm) => vm.id).sort()).toEqual([out.Web1, out.Web2].sort());

    await cfn.send(new DeleteStackCommand({ StackName: stackName }));
    await waitUntilStackDeleteComplete(waiter(), { StackName: stackName });

    const all = (command: string, key: string) =>
      cs().listAll<{ id: string; tags?: Tag[] }>(command, { listall: true }, key);
    expect(await all('listPortForwardingRules', 'portforwardingrule')).toEqual([]);
    expect(await all('listFirewallRules', 'firewallrule')).toEqual([]);
    expect(await all('listLoadBalancerRules', 'loadbalancerrule')).toEqual([]);
    expect((await all('listPublicIpAddresses', 'publicipaddress')).map((a) => a.id)).not.toContain(out.IpId);
    expect((await all('listNetworks', 'network')).map((n) => n.id)).not.toContain(out.NetId);
    expect((await all('listVirtualMachines', 'virtualmachine')).map((vm) => vm.id)).toEqual([]);
  }, 240_000);
});
