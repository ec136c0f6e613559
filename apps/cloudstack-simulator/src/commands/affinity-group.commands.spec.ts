import { CloudStackAsyncJobError, CloudStackClient } from '@cfn/cloudstack';

import { deployVm, SimulatorHarness } from '../testing/simulator-harness';

describe('affinity groups and host placement', () => {
  let h: SimulatorHarness;
  let cs: CloudStackClient;

  beforeAll(async () => {
    h = await SimulatorHarness.start({ faults: { capacity: { hosts: 2 } } });
    cs = h.admin();
  });
  afterAll(() => h.close());

  it('creates groups asynchronously and lists them with their VMs', async () => {
    const created = await cs.executeAsync('createAffinityGroup', {
      name: 'zk',
      type: 'host anti-affinity',
      description: 'ZooKeeper',
    });
    expect(created.id).toEqual(expect.any(String));
    expect(created.result.affinitygroup).toMatchObject({
      id: created.id,
      name: 'zk',
      type: 'host anti-affinity',
      description: 'ZooKeeper',
      account: 'admin',
      virtualmachineIds: [],
    });
    await expect(cs.request('createAffinityGroup', { name: 'x', type: 'rack affinity' })).rejects.toMatchObject({
      errorcode: 431,
    });
    const types = await cs.request('listAffinityGroupTypes');
    expect(types).toEqual({ count: 2, affinityGroupType: [{ type: 'host anti-affinity' }, { type: 'host affinity' }] });
  });

  it('spreads an anti-affinity group over hosts and fails the VM that fits nowhere with 533, leaving it in Error', async () => {
    const [group] = await cs.listAll('listAffinityGroups', { name: 'zk' }, 'affinitygroup');
    const a = await deployVm(cs, { name: 'zk-1', affinitygroupids: group.id });
    const b = await deployVm(cs, { name: 'zk-2', affinitygroupnames: 'zk' });
    expect(a.hostid).not.toBe(b.hostid);
    expect(a.affinitygroup).toEqual([
      { id: group.id, name: 'zk', type: 'host anti-affinity', description: 'ZooKeeper' },
    ]);
    const third = cs.executeAsync('deployVirtualMachine', {
      zoneid: a.zoneid,
      templateid: a.templateid,
      serviceofferingid: a.serviceofferingid,
      name: 'zk-3',
      affinitygroupids: group.id,
    });
    await expect(third).rejects.toBeInstanceOf(CloudStackAsyncJobError);
    await expect(third).rejects.toMatchObject({
      errorcode: 533,
      errortext: expect.stringMatching(/^Unable to create a deployment for VM\[User\|i-2-\d+-VM\]$/),
    });
    const [failed] = await cs.listAll('listVirtualMachines', { name: 'zk-3' }, 'virtualmachine');
    expect(failed.state).toBe('Error');
    const [listed] = await cs.listAll('listAffinityGroups', { id: group.id }, 'affinitygroup');
    expect(listed.virtualmachineIds.sort()).toEqual([a.id, b.id, failed.id].sort());
    await expect(cs.request('deleteAffinityGroup', { id: group.id })).rejects.toMatchObject({ errorcode: 536 });

    // A stopped member frees its host: the third VM can be placed after it is recreated.
    await cs.executeAsync('stopVirtualMachine', { id: b.id });
    await cs.executeAsync('destroyVirtualMachine', { id: failed.id, expunge: true });
    const c = await deployVm(cs, { name: 'zk-3', affinitygroupids: group.id });
    expect(c.hostid).toBe(b.hostid);
    await expect(cs.executeAsync('startVirtualMachine', { id: b.id })).rejects.toMatchObject({ errorcode: 533 });
    const [stillStopped] = await cs.listAll('listVirtualMachines', { id: b.id }, 'virtualmachine');
    expect(stillStopped.state).toBe('Stopped');
    expect(
      (await cs.listAll('listAffinityGroups', { virtualmachineid: c.id }, 'affinitygroup')).map((g) => g.name),
    ).toEqual(['zk']);
    for (const vm of [a, b, c]) await cs.executeAsync('destroyVirtualMachine', { id: vm.id, expunge: true });
    expect((await cs.executeAsync('deleteAffinityGroup', { name: 'zk' })).result).toEqual({ success: true });
  });

  it('keeps a host affinity group together', async () => {
    await cs.executeAsync('createAffinityGroup', { name: 'pair', type: 'host affinity' });
    const one = await deployVm(cs, { name: 'pair-1', affinitygroupnames: 'pair' });
    const two = await deployVm(cs, { name: 'pair-2', affinitygroupnames: 'pair' });
    expect(two.hostid).toBe(one.hostid);
  });
});
