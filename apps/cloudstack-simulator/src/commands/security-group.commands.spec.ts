import { CloudStackApiError, CloudStackAsyncJobError, CloudStackClient } from '@cfn/cloudstack';

import { SECURITY_GROUPS_CHANGED, SimulatorState } from '../state/simulator-state';
import { deployVm, SimulatorHarness } from '../testing/simulator-harness';

describe('security groups', () => {
  let h: SimulatorHarness;
  let cs: CloudStackClient;

  beforeAll(async () => {
    h = await SimulatorHarness.start();
    cs = h.admin();
  });
  afterAll(() => h.close());

  it('gives every account a default group and creates others synchronously', async () => {
    const [fresh] = await cs.listAll('listSecurityGroups', { securitygroupname: 'default' }, 'securitygroup');
    expect(fresh).toMatchObject({ name: 'default', account: 'admin', ingressrule: [], egressrule: [], tags: [] });
    const created = await cs.request('createSecurityGroup', { name: 'web', description: 'Web servers' });
    expect(created.securitygroup).toMatchObject({
      id: expect.any(String),
      name: 'web',
      description: 'Web servers',
      domain: 'ROOT',
    });
    await expect(cs.request('createSecurityGroup', { name: 'web' })).rejects.toMatchObject({
      errorcode: 431,
      cserrorcode: 4350,
      errortext: 'Unable to create security group, a group with name web already exists.',
    });
    await expect(cs.request('createSecurityGroup', { name: 'Default' })).rejects.toMatchObject({
      errortext: 'The security group name default is reserved',
    });
  });

  it('authorizes ingress asynchronously, one rule per CIDR, and reports only the new rules', async () => {
    const { securitygroup } = await cs.request('createSecurityGroup', { name: 'ssh' });
    const start = await cs.request('authorizeSecurityGroupIngress', {
      securitygroupid: securitygroup.id,
      protocol: 'TCP',
      startport: 22,
      endport: 22,
      cidrlist: '10.0.0.0/8,192.168.0.0/16',
    });
    expect(Object.keys(start)).toEqual(['jobid']);
    const result = (await cs.waitForJob(start.jobid)).securitygroup;
    expect(result.ingressrule).toEqual([
      { ruleid: expect.any(String), protocol: 'tcp', startport: 22, endport: 22, cidr: '10.0.0.0/8', tags: [] },
      { ruleid: expect.any(String), protocol: 'tcp', startport: 22, endport: 22, cidr: '192.168.0.0/16', tags: [] },
    ]);
    const icmp = await cs.executeAsync('authorizeSecurityGroupIngress', {
      securitygroupname: 'ssh',
      protocol: 'icmp',
      cidrlist: '0.0.0.0/0',
    });
    expect(icmp.result.securitygroup.ingressrule).toEqual([
      { ruleid: expect.any(String), protocol: 'icmp', icmptype: -1, icmpcode: -1, cidr: '0.0.0.0/0', tags: [] },
    ]);
    const [listed] = await cs.listAll('listSecurityGroups', { id: securitygroup.id }, 'securitygroup');
    expect(listed.ingressrule).toHaveLength(3);

    // The same rule again adds nothing, so the job fails as CloudStack's does.
    const again = cs.executeAsync('authorizeSecurityGroupIngress', {
      securitygroupid: securitygroup.id,
      protocol: 'tcp',
      startport: 22,
      endport: 22,
      cidrlist: '10.0.0.0/8',
    });
    await expect(again).rejects.toBeInstanceOf(CloudStackAsyncJobError);

    const revoke = await cs.executeAsync('revokeSecurityGroupIngress', { id: result.ingressrule[0].ruleid });
    expect(revoke.result).toEqual({ success: true });
    const [after] = await cs.listAll('listSecurityGroups', { id: securitygroup.id }, 'securitygroup');
    expect(after.ingressrule.map((r: { ruleid: string }) => r.ruleid)).not.toContain(result.ingressrule[0].ruleid);
  });

  it('checks parameters as CloudStack does', async () => {
    const { securitygroup } = await cs.request('createSecurityGroup', { name: 'checks' });
    const bad = async (params: Record<string, string | number>) =>
      cs.request('authorizeSecurityGroupIngress', { securitygroupid: securitygroup.id, ...params });
    await expect(bad({ protocol: 'tcp', startport: 22, endport: 22 })).rejects.toMatchObject({
      errorcode: 431,
      errortext: 'At least one cidr or at least one security group needs to be specified',
    });
    await expect(bad({ protocol: 'tcp', startport: 80, endport: 22, cidrlist: '0.0.0.0/0' })).rejects.toMatchObject({
      errorcode: 431,
    });
    await expect(bad({ protocol: 'tcp', startport: 22, cidrlist: 'nonsense' })).rejects.toMatchObject({
      errortext: 'Invalid cidr nonsense',
    });
    await expect(bad({ protocol: 'gre2', startport: 22, cidrlist: '0.0.0.0/0' })).rejects.toMatchObject({
      errortext: 'Invalid protocol gre2',
    });
    await expect(
      cs.request('authorizeSecurityGroupIngress', {
        securitygroupid: securitygroup.id,
        securitygroupname: 'checks',
        cidrlist: '0.0.0.0/0',
      }),
    ).rejects.toMatchObject({
      errortext: 'securitygroupid parameter is mutually exclusive with securitygroupname parameter',
    });
  });

  it('allows members of another group (usersecuritygrouplist) and egress rules', async () => {
    const { securitygroup: db } = await cs.request('createSecurityGroup', { name: 'db' });
    await cs.request('createSecurityGroup', { name: 'app' });
    const { result } = await cs.executeAsync('authorizeSecurityGroupIngress', {
      securitygroupid: db.id,
      protocol: 'tcp',
      startport: 5432,
      endport: 5432,
      'usersecuritygrouplist[0].account': 'admin',
      'usersecuritygrouplist[0].group': 'app',
    });
    expect(result.securitygroup.ingressrule[0]).toEqual({
      ruleid: expect.any(String),
      protocol: 'tcp',
      startport: 5432,
      endport: 5432,
      securitygroupname: 'app',
      account: 'admin',
      tags: [],
    });
    const egress = await cs.executeAsync('authorizeSecurityGroupEgress', {
      securitygroupid: db.id,
      protocol: 'udp',
      startport: 53,
      endport: 53,
      cidrlist: '0.0.0.0/0',
    });
    expect(egress.result.securitygroup.egressrule).toHaveLength(1);
    expect(egress.result.securitygroup.ingressrule).toEqual([]);
    await expect(
      cs.request('revokeSecurityGroupIngress', { id: egress.result.securitygroup.egressrule[0].ruleid }),
    ).rejects.toMatchObject({ errorcode: 431 });
    await cs.executeAsync('revokeSecurityGroupEgress', { id: egress.result.securitygroup.egressrule[0].ruleid });
  });

  it('puts VMs in groups by id or name, resolves group rules to members, and refuses to delete groups in use', async () => {
    const state = h.sim.app.get(SimulatorState);
    const changes: string[][] = [];
    state.events.on(SECURITY_GROUPS_CHANGED, (ids: string[]) => changes.push(ids));
    const { securitygroup: front } = await cs.request('createSecurityGroup', { name: 'front' });
    const { securitygroup: back } = await cs.request('createSecurityGroup', { name: 'back' });
    await cs.executeAsync('authorizeSecurityGroupIngress', {
      securitygroupid: back.id,
      protocol: 'tcp',
      startport: 8080,
      'usersecuritygrouplist[0].account': 'admin',
      'usersecuritygrouplist[0].group': 'front',
    });
    const web = await deployVm(cs, { name: 'sg-web', securitygroupnames: 'front' });
    const api = await deployVm(cs, { name: 'sg-api', securitygroupids: back.id });
    expect(web.securitygroup.map((g: { name: string }) => g.name)).toEqual(['front']);
    expect(api.securitygroup[0]).toMatchObject({
      id: back.id,
      name: 'back',
      ingressrule: [expect.objectContaining({ startport: 8080 })],
    });
    expect(changes).toContainEqual([front.id]);

    const [apiRecord] = state.liveVirtualMachines().filter((vm) => vm.id === api.id);
    expect(state.securityRulesFor(apiRecord, 'ingress')).toEqual([
      expect.objectContaining({
        protocol: 'tcp',
        startport: 8080,
        endport: 8080,
        cidrs: [`${web.nic[0].ipaddress}/32`],
      }),
    ]);
    const [members] = await cs.listAll('listSecurityGroups', { id: front.id }, 'securitygroup');
    expect(members).toMatchObject({ virtualmachinecount: 1, virtualmachineids: [web.id] });
    expect(
      (await cs.listAll('listSecurityGroups', { virtualmachineid: api.id }, 'securitygroup')).map((g) => g.name),
    ).toEqual(['back']);

    const defaulted = await deployVm(cs, { name: 'sg-default' });
    expect(defaulted.securitygroup.map((g: { name: string }) => g.name)).toEqual(['default']);
    await expect(
      deployVm(cs, { name: 'sg-both', securitygroupids: back.id, securitygroupnames: 'front' }),
    ).rejects.toMatchObject({
      errortext: 'securitygroupids parameter is mutually exclusive with securitygroupnames parameter',
    });
    await expect(deployVm(cs, { name: 'sg-none', securitygroupnames: 'nope' })).rejects.toMatchObject({
      errortext: 'Unable to find group by name nope',
    });

    await expect(cs.request('deleteSecurityGroup', { id: back.id })).rejects.toMatchObject({
      errorcode: 536,
      errortext: "Cannot delete group when it's in use by virtual machines",
    });
    await expect(cs.request('deleteSecurityGroup', { name: 'default' })).rejects.toMatchObject({ errorcode: 431 });
    await cs.executeAsync('destroyVirtualMachine', { id: api.id, expunge: true });
    await cs.executeAsync('destroyVirtualMachine', { id: web.id, expunge: true });
    // "front" is still allowed by a rule of "back".
    await expect(cs.request('deleteSecurityGroup', { id: front.id })).rejects.toMatchObject({ errorcode: 536 });
    expect(await cs.request('deleteSecurityGroup', { id: back.id })).toEqual({ success: true });
    expect(await cs.request('deleteSecurityGroup', { name: 'front' })).toEqual({ success: true });
  });

  it('keeps accounts apart', async () => {
    const alice = await h.account('sg-alice');
    const { securitygroup } = await cs.request('createSecurityGroup', { name: 'admins-only' });
    expect((await alice.listAll('listSecurityGroups', {}, 'securitygroup')).map((g) => g.name)).toEqual(['default']);
    const denied = alice.request('authorizeSecurityGroupIngress', {
      securitygroupid: securitygroup.id,
      cidrlist: '0.0.0.0/0',
      startport: 1,
    });
    await expect(denied).rejects.toBeInstanceOf(CloudStackApiError);
    await expect(denied).rejects.toMatchObject({ errorcode: 531, cserrorcode: 4365 });
    const all = await cs.listAll(
      'listSecurityGroups',
      { listall: true, securitygroupname: 'default' },
      'securitygroup',
    );
    expect(all.map((g) => g.account).sort()).toEqual(['admin', 'sg-alice']);
  });
});
