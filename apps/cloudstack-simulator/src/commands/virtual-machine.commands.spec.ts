import { CloudStackClient, javaUrlEncode, signCloudStackRequest } from '@cfn/cloudstack';

import { CATALOGUE, DEPLOY, deployVm, SimulatorHarness } from '../testing/simulator-harness';

describe('virtual machines beyond the basic life cycle', () => {
  let h: SimulatorHarness;
  let cs: CloudStackClient;

  beforeAll(async () => {
    h = await SimulatorHarness.start({
      faults: { limits: { default: { user_vm: 2, memory: 1024 }, accounts: { roomy: { user_vm: 10 } } } },
    });
    cs = h.admin();
  });
  afterAll(() => h.close());

  it('deploys a stopped VM with startvm=false, into the guest network by networkids', async () => {
    const vm = await deployVm(cs, { name: 'cold', startvm: false, networkids: CATALOGUE.networkid });
    expect(vm.state).toBe('Stopped');
    expect(vm.hostid).toBeUndefined();
    await expect(deployVm(cs, { name: 'lost', networkids: 'no-such-network' })).rejects.toMatchObject({
      errorcode: 431,
    });
    expect((await cs.executeAsync('startVirtualMachine', { id: vm.id })).result.virtualmachine).toMatchObject({
      state: 'Running',
      hostname: 'sim-host-1',
    });
  });

  it('scales a VM (async) and changes the offering of a stopped one (sync)', async () => {
    const vm = await deployVm(cs, { name: 'grow' });
    const scaled = await cs.executeAsync('scaleVirtualMachine', {
      id: vm.id,
      serviceofferingid: CATALOGUE.mediumOfferingId,
    });
    expect(scaled.result.virtualmachine).toMatchObject({
      serviceofferingname: 'Medium Instance',
      memory: 1024,
      state: 'Running',
    });
    await expect(
      cs.request('changeServiceForVirtualMachine', { id: vm.id, serviceofferingid: CATALOGUE.largeOfferingId }),
    ).rejects.toMatchObject({
      errorcode: 431,
      errortext: `Unable to upgrade virtual machine ${vm.id} in state Running; make sure the virtual machine is stopped`,
    });
    await cs.executeAsync('stopVirtualMachine', { id: vm.id });
    const changed = await cs.request('changeServiceForVirtualMachine', {
      id: vm.id,
      serviceofferingid: CATALOGUE.largeOfferingId,
    });
    expect(changed.virtualmachine).toMatchObject({ serviceofferingname: 'Large Instance', cpunumber: 2, memory: 4096 });
    await expect(
      cs.request('changeServiceForVirtualMachine', { id: vm.id, serviceofferingid: CATALOGUE.largeOfferingId }),
    ).rejects.toMatchObject({ errorcode: 431 });
  });

  it('matches name as CloudStack does (substring), and state=present', async () => {
    await deployVm(cs, { name: 'needle-1' });
    const destroyed = await deployVm(cs, { name: 'needle-2' });
    await cs.executeAsync('destroyVirtualMachine', { id: destroyed.id });
    const named = await cs.listAll('listVirtualMachines', { name: 'needle' }, 'virtualmachine');
    expect(named.map((vm) => vm.name).sort()).toEqual(['needle-1', 'needle-2']);
    const present = await cs.listAll('listVirtualMachines', { name: 'needle', state: 'present' }, 'virtualmachine');
    expect(present.map((vm) => vm.name)).toEqual(['needle-1']);
  });

  it('checks userdata: Base64, 4 KiB over GET, far more over POST', async () => {
    await expect(deployVm(cs, { name: 'ud-bad', userdata: 'not base64 !' })).rejects.toMatchObject({
      errortext: 'User data is not base64 encoded',
    });
    const form = (userdata: string, name: string) => ({ command: 'deployVirtualMachine', ...DEPLOY, name, userdata });
    const big = Buffer.alloc(5000, 'a').toString('base64');
    // The client POSTs whenever userdata is present; a hand-made GET shows the GET limit.
    const params: Record<string, string> = { ...form(big, 'ud-get'), response: 'json', apiKey: h.sim.apiKey };
    params.signature = signCloudStackRequest(params, h.sim.secretKey);
    const query = Object.entries(params)
      .map(([k, v]) => `${k}=${javaUrlEncode(v)}`)
      .join('&');
    const get = await fetch(`${h.sim.apiUrl}?${query}`);
    expect(get.status).toBe(431);
    expect(((await get.json()) as any).deployvirtualmachineresponse.errortext).toBe(
      'User data is too long for GET request',
    );
    expect((await deployVm(cs, { name: 'ud-post', userdata: big })).state).toBe('Running');
  });

  it("keeps accounts apart: own objects only, admins all with listall, 531 on another account's VM", async () => {
    const carol = await h.account('carol');
    const mine = await deployVm(carol, { name: 'carol-1' });
    expect(mine).toMatchObject({ account: 'carol' });
    expect(mine.hostid).toBeUndefined();
    expect(mine.instancename).toBeUndefined();
    expect((await carol.listAll('listVirtualMachines', {}, 'virtualmachine')).map((vm) => vm.name)).toEqual([
      'carol-1',
    ]);
    expect((await cs.listAll('listVirtualMachines', {}, 'virtualmachine')).some((vm) => vm.name === 'carol-1')).toBe(
      false,
    );
    expect(
      (await cs.listAll('listVirtualMachines', { listall: true }, 'virtualmachine')).some(
        (vm) => vm.name === 'carol-1',
      ),
    ).toBe(true);
    expect(
      (await cs.listAll('listVirtualMachines', { account: 'carol', domainid: mine.domainid }, 'virtualmachine')).map(
        (vm) => vm.name,
      ),
    ).toEqual(['carol-1']);
    const adminVm = (await cs.listAll('listVirtualMachines', { name: 'cold' }, 'virtualmachine'))[0];
    await expect(carol.request('stopVirtualMachine', { id: adminVm.id })).rejects.toMatchObject({
      errorcode: 531,
      cserrorcode: 4365,
    });
    expect(await carol.request('listVirtualMachines', { id: adminVm.id })).toEqual({});
    await expect(carol.request('listVirtualMachines', { listall: true, account: 'admin' })).rejects.toMatchObject({
      errorcode: 531,
    });
    const jobs = await carol.listAll('listAsyncJobs', {}, 'asyncjobs');
    expect(jobs.every((job) => job.account === 'carol')).toBe(true);
    // Administrators act on anyone's objects.
    await cs.executeAsync('stopVirtualMachine', { id: mine.id });
  });

  it("enforces per-account resource limits with CloudStack's message; administrators have none", async () => {
    const dave = await h.account('dave');
    await deployVm(dave, { name: 'dave-1' });
    await expect(
      deployVm(dave, { name: 'dave-2', serviceofferingid: CATALOGUE.mediumOfferingId }),
    ).rejects.toMatchObject({
      errorcode: 535,
      cserrorcode: 4370,
      errortext: "Maximum number of resources of type 'memory' for account name=dave in domain id=1 has been exceeded.",
    });
    await deployVm(dave, { name: 'dave-2' });
    await expect(deployVm(dave, { name: 'dave-3' })).rejects.toMatchObject({
      errorcode: 535,
      errortext:
        "Maximum number of resources of type 'user_vm' for account name=dave in domain id=1 has been exceeded.",
    });
    const roomy = await h.account('roomy');
    for (const n of [1, 2, 3]) await deployVm(roomy, { name: `roomy-${n}` });
    for (const n of [1, 2, 3]) await deployVm(cs, { name: `unlimited-${n}` });
  });

  it('lists networks, network offerings, disk offerings and the API itself', async () => {
    const [network] = await cs.listAll('listNetworks', {}, 'network');
    expect(network).toMatchObject({
      id: CATALOGUE.networkid,
      type: 'Shared',
      traffictype: 'Guest',
      canusefordeploy: true,
      zoneid: CATALOGUE.zoneid,
    });
    expect(network.service.map((s: { name: string }) => s.name)).toContain('SecurityGroup');
    const [offering] = await cs.listAll('listNetworkOfferings', {}, 'networkoffering');
    expect(offering).toMatchObject({ id: network.networkofferingid, guestiptype: 'Shared', state: 'Enabled' });
    const disks = await cs.listAll('listDiskOfferings', {}, 'diskoffering');
    expect(disks.map((d) => [d.name, d.disksize, d.iscustomized])).toEqual([
      ['Small', 5, false],
      ['Medium', 20, false],
      ['Large', 100, false],
      ['Custom', 0, true],
    ]);
    const apis = await cs.listAll('listApis', {}, 'api');
    expect(apis).toEqual(
      expect.arrayContaining([
        { name: 'deployVirtualMachine', isasync: true },
        { name: 'registerSSHKeyPair', isasync: false },
      ]),
    );
  });
});
