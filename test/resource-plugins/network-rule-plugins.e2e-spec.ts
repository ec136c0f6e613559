import { CloudStackClient } from '@cfn/cloudstack';

import { RunningSimulator, stableUuid, startSimulator } from '../../apps/cloudstack-simulator/src';
import { CloudStackNetworkPlugin } from '../../libs/resources/src/network/cloudstack-network.plugin';
import { CloudStackFirewallRulePlugin } from '../../libs/resources/src/network-rules/cloudstack-firewall-rule.plugin';
import { CloudStackLoadBalancerRulePlugin } from '../../libs/resources/src/network-rules/cloudstack-load-balancer-rule.plugin';
import { CloudStackPortForwardingRulePlugin } from '../../libs/resources/src/network-rules/cloudstack-port-forwarding-rule.plugin';
import { ResourceOperationContext } from '../../libs/resources/src/resource-type-plugin';

const DEPLOY = {
  zoneid: stableUuid('zone', 'Sim-Zone-1'),
  templateid: stableUuid('template', 'debian-12'),
  serviceofferingid: stableUuid('serviceoffering', 'Small Instance'),
};

/** The plugins against an in-process simulator: retries find earlier attempts, updates change objects in place. */
describe('CloudStack network and rule plugins', () => {
  let sim: RunningSimulator;
  let cloud: CloudStackClient;
  let ipId: string;
  let vms: string[];
  const recorded: Array<{ physicalId?: string }> = [];

  const context = (logicalId: string, recordedPhysicalId?: string): ResourceOperationContext => ({
    cloud,
    stackId: '1f7b2c1e-0000-4000-8000-00000000abcd',
    stackName: 'spec',
    logicalId,
    accountId: '123456789012',
    region: 'zone-1',
    recordedPhysicalId,
    recordProgress: async (progress) => void recorded.push(progress),
  });

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    cloud = new CloudStackClient({
      apiUrl: sim.apiUrl,
      apiKey: sim.apiKey,
      secretKey: sim.secretKey,
      pollIntervalMs: 5,
      maxPollIntervalMs: 20,
      logger: { debug: () => undefined, warn: () => undefined },
    });
    ({ id: ipId } = (
      await cloud.executeAsync<{ ipaddress: { id: string } }>('associateIpAddress', { zoneid: DEPLOY.zoneid })
    ).result.ipaddress);
    vms = [];
    for (const name of ['one', 'two']) {
      vms.push(
        (await cloud.executeAsync<{ virtualmachine: { id: string } }>('deployVirtualMachine', { ...DEPLOY, name }))
          .result.virtualmachine.id,
      );
    }
  });
  afterAll(() => sim.close());

  it('port forwarding: a retry finds the untagged rule the first attempt recorded, and the private side updates in place', async () => {
    const plugin = new CloudStackPortForwardingRulePlugin();
    const properties = {
      IpAddressId: ipId,
      Protocol: 'tcp',
      PublicPort: 2200,
      PrivatePort: 22,
      VirtualMachineId: vms[0],
    };
    // An attempt that died after createPortForwardingRule answered: the rule exists, untagged.
    const id = (
      await cloud.executeAsync<{ portforwardingrule: { id: string } }>('createPortForwardingRule', {
        ipaddressid: ipId,
        protocol: 'tcp',
        publicport: 2200,
        privateport: 22,
        virtualmachineid: vms[0],
      })
    ).result.portforwardingrule.id;
    expect(await plugin.findExisting(context('Ssh'), { ...properties, PublicPort: 2201 })).toBeNull();
    const found = await plugin.findExisting(context('Ssh', id), properties);
    expect(found).toMatchObject({ physicalId: id, attributes: { Id: id, VirtualMachineId: vms[0] } });
    const [tagged] = await cloud.listAll('listPortForwardingRules', { id }, 'portforwardingrule');
    expect(tagged.tags).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'cfn:logical-id', value: 'Ssh' })]),
    );
    // Tagged now, it is found without the recorded id.
    expect((await plugin.findExisting(context('Ssh'), properties))?.physicalId).toBe(id);

    expect(plugin.updateBehaviour.VirtualMachineId).toBe('SomeInterruptions');
    expect(plugin.updateBehaviour.PublicPort).toBeUndefined();
    await plugin.update(context('Ssh'), id, properties, { ...properties, PrivatePort: 2022, VirtualMachineId: vms[1] });
    const [updated] = await cloud.listAll('listPortForwardingRules', { id }, 'portforwardingrule');
    expect(updated).toMatchObject({
      privateport: '2022',
      privateendport: '2022',
      virtualmachineid: vms[1],
      publicport: '2200',
    });
    await plugin.delete(context('Ssh'), id);
    await plugin.delete(context('Ssh'), id);
    // CloudStack answers an id that names nothing with 431.
    await expect(cloud.listAll('listPortForwardingRules', { id }, 'portforwardingrule')).rejects.toMatchObject({
      errorcode: 431,
    });
  });

  it('firewall: a retry that died before recording the id adopts the untagged rule of the same shape; nothing updates in place', async () => {
    const plugin = new CloudStackFirewallRulePlugin();
    const properties = { IpAddressId: ipId, Protocol: 'udp', StartPort: 500, EndPort: 501, CidrList: ['192.0.2.0/24'] };
    const { id } = await cloud.executeAsync('createFirewallRule', {
      ipaddressid: ipId,
      protocol: 'udp',
      startport: 500,
      endport: 501,
      cidrlist: '192.0.2.0/24',
    });
    expect(await plugin.findExisting(context('Fw'), { ...properties, CidrList: '198.51.100.0/24' })).toBeNull();
    expect((await plugin.findExisting(context('Fw'), properties))?.physicalId).toBe(id);
    expect(plugin.updateBehaviour).toEqual({});
    await plugin.delete(context('Fw'), id!);
  });

  it('load balancer: members assigned with the rule; name, algorithm and members change in place', async () => {
    const plugin = new CloudStackLoadBalancerRulePlugin();
    const properties = {
      PublicIpId: ipId,
      PublicPort: 80,
      PrivatePort: 8080,
      Algorithm: 'roundrobin',
      VirtualMachineIds: [vms[0]],
    };
    const made = await plugin.create(context('Lb'), properties);
    expect(made.attributes.Name).toMatch(/^spec-lb-/i);
    const members = async () =>
      (
        await cloud.listAll<{ id: string }>(
          'listLoadBalancerRuleInstances',
          { id: made.physicalId },
          'loadbalancerruleinstance',
        )
      ).map((vm) => vm.id);
    expect(await members()).toEqual([vms[0]]);
    expect((await plugin.findExisting(context('Lb'), properties))?.physicalId).toBe(made.physicalId);

    const next = { ...properties, Name: 'web', Algorithm: 'source', VirtualMachineIds: [vms[1]] };
    expect(Object.keys(next).filter((key) => !plugin.updateBehaviour[key])).toEqual([
      'PublicIpId',
      'PublicPort',
      'PrivatePort',
    ]);
    const updated = await plugin.update(context('Lb'), made.physicalId, properties, next);
    expect(updated.attributes).toMatchObject({ Name: 'web' });
    const [rule] = await cloud.listAll('listLoadBalancerRules', { id: made.physicalId }, 'loadbalancerrule');
    expect(rule).toMatchObject({ name: 'web', algorithm: 'source' });
    expect(await members()).toEqual([vms[1]]);
    await plugin.delete(context('Lb'), made.physicalId);
    await expect(
      cloud.listAll('listLoadBalancerRules', { id: made.physicalId }, 'loadbalancerrule'),
    ).rejects.toMatchObject({ errorcode: 431 });
  });

  it('network: created from an offering by name, found again by its tags, renamed in place', async () => {
    const plugin = new CloudStackNetworkPlugin();
    const properties = { NetworkOfferingId: 'DefaultIsolatedNetworkOfferingWithSourceNatService' };
    const made = await plugin.create(context('Net'), properties);
    expect(made.attributes).toMatchObject({ Cidr: '10.1.1.0/24', Gateway: '10.1.1.1' });
    expect((await plugin.findExisting(context('Net'), properties))?.physicalId).toBe(made.physicalId);
    expect(await plugin.findExisting(context('Other'), properties)).toBeNull();
    const renamed = await plugin.update(context('Net'), made.physicalId, properties, {
      ...properties,
      Name: 'apps',
      DisplayText: 'Apps',
    });
    expect(renamed.attributes.Name).toBe('apps');
    const [listed] = await cloud.listAll('listNetworks', { id: made.physicalId }, 'network');
    expect(listed).toMatchObject({ name: 'apps', displaytext: 'Apps' });
    await expect(plugin.create(context('Bad'), { NetworkOfferingId: 'NoSuchOffering' })).rejects.toThrow(
      "Network offering 'NoSuchOffering' does not exist in the cloud",
    );
    await plugin.delete(context('Net'), made.physicalId);
    await plugin.delete(context('Net'), made.physicalId);
    await expect(cloud.listAll('listNetworks', { id: made.physicalId }, 'network')).rejects.toMatchObject({
      errorcode: 431,
    });
  });
});
