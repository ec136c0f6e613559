import { CloudStackClient } from '@cfn/cloudstack';

import { CATALOGUE, deployVm, SimulatorHarness } from '../testing/simulator-harness';

describe('public addresses, static NAT and network rules', () => {
  let h: SimulatorHarness;
  let cs: CloudStackClient;
  const associate = async () =>
    (await cs.executeAsync('associateIpAddress', { zoneid: CATALOGUE.zoneid })).result.ipaddress;

  beforeAll(async () => {
    h = await SimulatorHarness.start();
    cs = h.admin();
  });
  afterAll(() => h.close());

  it('associates an address asynchronously and lists it', async () => {
    const started = await cs.request('associateIpAddress', { networkid: CATALOGUE.networkid });
    expect(Object.keys(started).sort()).toEqual(['id', 'jobid']);
    const { ipaddress } = await cs.waitForJob(started.jobid);
    expect(ipaddress).toMatchObject({
      id: started.id,
      ipaddress: expect.stringMatching(/^203\.0\.113\.\d+$/),
      isstaticnat: false,
      issourcenat: false,
      state: 'Allocated',
      associatednetworkid: CATALOGUE.networkid,
      account: 'admin',
    });
    expect(
      (await cs.listAll('listPublicIpAddresses', { ipaddress: ipaddress.ipaddress }, 'publicipaddress'))[0].id,
    ).toBe(started.id);
    await expect(cs.request('associateIpAddress', {})).rejects.toMatchObject({ errorcode: 431 });
    expect((await cs.executeAsync('disassociateIpAddress', { id: started.id })).result).toEqual({ success: true });
    expect(await cs.request('listPublicIpAddresses', { id: started.id })).toEqual({});
  });

  it('enables static NAT synchronously and shows the address on the VM', async () => {
    const vm = await deployVm(cs, { name: 'nat-vm' });
    const ip = await associate();
    expect(await cs.request('enableStaticNat', { ipaddressid: ip.id, virtualmachineid: vm.id })).toEqual({
      success: true,
    });
    const [withIp] = await cs.listAll('listVirtualMachines', { id: vm.id }, 'virtualmachine');
    expect(withIp).toMatchObject({ publicip: ip.ipaddress, publicipid: ip.id });
    const [listed] = await cs.listAll('listPublicIpAddresses', { isstaticnat: true }, 'publicipaddress');
    expect(listed).toMatchObject({
      id: ip.id,
      isstaticnat: true,
      virtualmachineid: vm.id,
      virtualmachinename: 'nat-vm',
    });

    const other = await associate();
    await expect(
      cs.request('enableStaticNat', { ipaddressid: other.id, virtualmachineid: vm.id }),
    ).rejects.toMatchObject({ errorcode: 537 });
    await expect(
      cs.request('createPortForwardingRule', {
        ipaddressid: ip.id,
        protocol: 'tcp',
        publicport: 22,
        privateport: 22,
        virtualmachineid: vm.id,
      }),
    ).rejects.toMatchObject({ errorcode: 537 });

    const rule = await cs.executeAsync('createIpForwardingRule', {
      ipaddressid: ip.id,
      protocol: 'tcp',
      startport: 80,
      endport: 81,
    });
    expect(rule.result.ipforwardingrule).toMatchObject({
      protocol: 'tcp',
      startport: 80,
      endport: 81,
      virtualmachineid: vm.id,
      ipaddress: ip.ipaddress,
    });
    expect(
      (await cs.listAll('listIpForwardingRules', { virtualmachineid: vm.id }, 'ipforwardingrule')).map((r) => r.id),
    ).toEqual([rule.id]);

    await cs.executeAsync('disableStaticNat', { ipaddressid: ip.id });
    const [without] = await cs.listAll('listVirtualMachines', { id: vm.id }, 'virtualmachine');
    expect(without.publicip).toBeUndefined();
    expect(await cs.request('listIpForwardingRules', { ipaddressid: ip.id })).toEqual({});
    await expect(cs.request('disableStaticNat', { ipaddressid: ip.id })).rejects.toMatchObject({ errorcode: 431 });
  });

  it('forwards ports (opening the firewall), refuses overlapping ranges, and lists both kinds of rule', async () => {
    const vm = await deployVm(cs, { name: 'pf-vm' });
    const ip = await associate();
    const pf = await cs.executeAsync('createPortForwardingRule', {
      ipaddressid: ip.id,
      protocol: 'TCP',
      publicport: 2222,
      privateport: 22,
      virtualmachineid: vm.id,
    });
    expect(pf.result.portforwardingrule).toMatchObject({
      id: pf.id,
      protocol: 'tcp',
      publicport: '2222',
      publicendport: '2222',
      privateport: '22',
      privateendport: '22',
      virtualmachineid: vm.id,
      virtualmachinename: 'pf-vm',
      vmguestip: vm.nic[0].ipaddress,
      ipaddressid: ip.id,
      ipaddress: ip.ipaddress,
      state: 'Active',
      cidrlist: '0.0.0.0/0',
    });
    const firewall = await cs.listAll('listFirewallRules', { ipaddressid: ip.id }, 'firewallrule');
    expect(firewall).toEqual([
      expect.objectContaining({ protocol: 'tcp', startport: 2222, endport: 2222, cidrlist: '0.0.0.0/0' }),
    ]);
    await expect(
      cs.request('createPortForwardingRule', {
        ipaddressid: ip.id,
        protocol: 'tcp',
        publicport: 2222,
        privateport: 23,
        virtualmachineid: vm.id,
      }),
    ).rejects.toMatchObject({
      errorcode: 537,
      errortext: expect.stringContaining('The range specified, 2222-2222, conflicts with rule'),
    });

    const fw = await cs.executeAsync('createFirewallRule', {
      ipaddressid: ip.id,
      protocol: 'udp',
      startport: 53,
      endport: 53,
      cidrlist: '10.0.0.0/8',
    });
    expect(fw.result.firewallrule).toMatchObject({
      protocol: 'udp',
      startport: 53,
      endport: 53,
      cidrlist: '10.0.0.0/8',
      state: 'Active',
    });
    await cs.executeAsync('deleteFirewallRule', { id: fw.id });
    await cs.executeAsync('deletePortForwardingRule', { id: pf.id });
    expect(await cs.request('listPortForwardingRules', { ipaddressid: ip.id })).toEqual({});
  });

  it('balances a public port over VMs', async () => {
    const web1 = await deployVm(cs, { name: 'lb-1' });
    const web2 = await deployVm(cs, { name: 'lb-2' });
    const ip = await associate();
    const lb = await cs.executeAsync('createLoadBalancerRule', {
      name: 'www',
      algorithm: 'roundrobin',
      publicport: 80,
      privateport: 8080,
      publicipid: ip.id,
    });
    expect(lb.result.loadbalancer).toMatchObject({
      id: lb.id,
      name: 'www',
      algorithm: 'roundrobin',
      publicport: '80',
      privateport: '8080',
      publicip: ip.ipaddress,
      state: 'Active',
    });
    expect(
      (await cs.executeAsync('assignToLoadBalancerRule', { id: lb.id, virtualmachineids: `${web1.id},${web2.id}` }))
        .result,
    ).toEqual({ success: true });
    const members = await cs.listAll('listLoadBalancerRuleInstances', { id: lb.id }, 'loadbalancerruleinstance');
    expect(members.map((vm) => vm.name).sort()).toEqual(['lb-1', 'lb-2']);
    expect(
      (await cs.listAll('listLoadBalancerRules', { publicipid: ip.id }, 'loadbalancerrule')).map((r) => r.name),
    ).toEqual(['www']);
    await cs.executeAsync('removeFromLoadBalancerRule', { id: lb.id, virtualmachineids: web1.id });
    expect(
      (await cs.listAll('listLoadBalancerRuleInstances', { id: lb.id }, 'loadbalancerruleinstance')).map(
        (vm) => vm.name,
      ),
    ).toEqual(['lb-2']);
    await expect(
      cs.request('createLoadBalancerRule', {
        name: 'x',
        algorithm: 'random',
        publicport: 81,
        privateport: 81,
        publicipid: ip.id,
      }),
    ).rejects.toMatchObject({ errorcode: 431 });
    // Releasing the address takes its rules along; a deleted rule's id no longer resolves.
    await cs.executeAsync('disassociateIpAddress', { id: ip.id });
    await expect(cs.request('listLoadBalancerRules', { id: lb.id })).rejects.toMatchObject({ errorcode: 431 });
    expect(await cs.request('listFirewallRules', { ipaddressid: ip.id })).toEqual({});
  });
});
