import { CloudStackClient, hasTags, tagParams } from '@cfn/cloudstack';

import { CATALOGUE, deployVm, SimulatorHarness } from '../testing/simulator-harness';

describe('tags', () => {
  let h: SimulatorHarness;
  let cs: CloudStackClient;

  beforeAll(async () => {
    h = await SimulatorHarness.start();
    cs = h.admin();
  });
  afterAll(() => h.close());

  it('tags VMs asynchronously, shows tags on the object and filters lists by tags[N].key/value', async () => {
    const a = await deployVm(cs, { name: 'tag-a' });
    const b = await deployVm(cs, { name: 'tag-b' });
    const started = await cs.request('createTags', {
      resourceids: `${a.id},${b.id}`,
      resourcetype: 'UserVm',
      ...tagParams({ stack: 's1' }),
    });
    expect(Object.keys(started)).toEqual(['jobid']);
    expect(await cs.waitForJob(started.jobid)).toEqual({ success: true });
    await cs.executeAsync('createTags', { resourceids: a.id, resourcetype: 'uservm', ...tagParams({ role: 'web' }) });

    const [listedA] = await cs.listAll('listVirtualMachines', { id: a.id }, 'virtualmachine');
    expect(listedA.tags).toEqual([
      {
        key: 'stack',
        value: 's1',
        resourcetype: 'UserVm',
        resourceid: a.id,
        account: 'admin',
        domainid: expect.any(String),
        domain: 'ROOT',
      },
      {
        key: 'role',
        value: 'web',
        resourcetype: 'UserVm',
        resourceid: a.id,
        account: 'admin',
        domainid: expect.any(String),
        domain: 'ROOT',
      },
    ]);
    const byStack = await cs.listAll('listVirtualMachines', tagParams({ stack: 's1' }), 'virtualmachine');
    expect(byStack.map((vm) => vm.name).sort()).toEqual(['tag-a', 'tag-b']);
    // CloudStack ORs several tags; hasTags narrows to objects carrying all of them.
    const either = await cs.listAll('listVirtualMachines', tagParams({ stack: 's1', role: 'web' }), 'virtualmachine');
    expect(either).toHaveLength(2);
    expect(either.filter((vm) => hasTags(vm, { stack: 's1', role: 'web' })).map((vm) => vm.name)).toEqual(['tag-a']);
    expect(await cs.request('listVirtualMachines', tagParams({ stack: 's2' }))).toEqual({});

    const tags = await cs.listAll('listTags', { resourcetype: 'UserVm', key: 'stack' }, 'tag');
    expect(tags.map((t) => t.resourceid).sort()).toEqual([a.id, b.id].sort());
    await expect(
      cs.request('createTags', { resourceids: a.id, resourcetype: 'UserVm', ...tagParams({ stack: 'other' }) }),
    ).rejects.toMatchObject({ errorcode: 431 });

    await cs.executeAsync('deleteTags', { resourceids: a.id, resourcetype: 'UserVm', 'tags[0].key': 'role' });
    expect((await cs.listAll('listTags', { resourceid: a.id }, 'tag')).map((t) => t.key)).toEqual(['stack']);
    await cs.executeAsync('deleteTags', { resourceids: b.id, resourcetype: 'UserVm' });
    expect(await cs.request('listTags', { resourceid: b.id })).toEqual({});
  });

  it('tags volumes, security groups and public addresses; refuses unknown types and ids', async () => {
    const { securitygroup } = await cs.request('createSecurityGroup', { name: 'tagged' });
    await cs.executeAsync('createTags', {
      resourceids: securitygroup.id,
      resourcetype: 'SecurityGroup',
      ...tagParams({ tier: 'db' }),
    });
    const [group] = await cs.listAll('listSecurityGroups', tagParams({ tier: 'db' }), 'securitygroup');
    expect(group.tags[0]).toMatchObject({ key: 'tier', value: 'db', resourcetype: 'SecurityGroup' });

    const ip = await cs.executeAsync('associateIpAddress', { zoneid: CATALOGUE.zoneid });
    await cs.executeAsync('createTags', {
      resourceids: ip.id!,
      resourcetype: 'PublicIpAddress',
      ...tagParams({ use: 'lb' }),
    });
    expect(
      (await cs.listAll('listPublicIpAddresses', tagParams({ use: 'lb' }), 'publicipaddress')).map((i) => i.id),
    ).toEqual([ip.id]);

    const vm = await deployVm(cs, { name: 'tag-vol' });
    const [root] = await cs.listAll('listVolumes', { virtualmachineid: vm.id }, 'volume');
    await cs.executeAsync('createTags', {
      resourceids: root.id,
      resourcetype: 'Volume',
      ...tagParams({ backup: 'daily' }),
    });
    expect((await cs.listAll('listVolumes', tagParams({ backup: 'daily' }), 'volume')).map((v) => v.id)).toEqual([
      root.id,
    ]);

    await expect(
      cs.request('createTags', { resourceids: vm.id, resourcetype: 'Spaceship', ...tagParams({ a: 'b' }) }),
    ).rejects.toMatchObject({
      errortext: 'Invalid resource type Spaceship',
    });
    await expect(
      cs.request('createTags', { resourceids: 'nope', resourcetype: 'Volume', ...tagParams({ a: 'b' }) }),
    ).rejects.toMatchObject({
      errortext: 'Unable to find resource by id nope and type Volume',
    });
    // Expunging a VM deletes its tags.
    await cs.executeAsync('createTags', { resourceids: vm.id, resourcetype: 'UserVm', ...tagParams({ gone: 'soon' }) });
    await cs.executeAsync('destroyVirtualMachine', { id: vm.id, expunge: true });
    expect(await cs.request('listTags', { resourceid: vm.id })).toEqual({});
  });
});
