import { CloudStackAsyncJobError, CloudStackClient } from '@cfn/cloudstack';

import { stableUuid } from '../catalogue/stable-uuid';
import { CATALOGUE, deployVm, SimulatorHarness } from '../testing/simulator-harness';

const ISOLATED_OFFERING = stableUuid('networkoffering', 'DefaultIsolatedNetworkOfferingWithSourceNatService');

describe('networks accounts create', () => {
  let h: SimulatorHarness;
  let cs: CloudStackClient;

  beforeAll(async () => {
    h = await SimulatorHarness.start();
    cs = h.admin();
  });
  afterAll(() => h.close());

  it('creates an isolated network synchronously, deploys a VM into it, renames it and deletes it once the VM is gone', async () => {
    const offerings = await cs.listAll('listNetworkOfferings', { guestiptype: 'Isolated' }, 'networkoffering');
    expect(offerings).toEqual([
      expect.objectContaining({ id: ISOLATED_OFFERING, guestiptype: 'Isolated', specifyipranges: false }),
    ]);
    const { network } = await cs.request<{ network: Record<string, any> }>('createNetwork', {
      name: 'app-net',
      displaytext: 'App',
      networkofferingid: ISOLATED_OFFERING,
      zoneid: CATALOGUE.zoneid,
      gateway: '10.9.0.1',
      netmask: '255.255.255.0',
    });
    expect(network).toMatchObject({
      name: 'app-net',
      displaytext: 'App',
      cidr: '10.9.0.0/24',
      gateway: '10.9.0.1',
      type: 'Isolated',
      state: 'Allocated',
      account: 'admin',
    });
    const defaults = await cs.request<{ network: Record<string, any> }>('createNetwork', {
      name: 'd',
      networkofferingid: ISOLATED_OFFERING,
      zoneid: CATALOGUE.zoneid,
    });
    expect(defaults.network).toMatchObject({ cidr: '10.1.1.0/24', displaytext: 'd' });

    const vm = await deployVm(cs, { name: 'in-net', networkids: network.id });
    expect(vm.nic).toEqual([
      expect.objectContaining({ networkid: network.id, networkname: 'app-net', type: 'Isolated', gateway: '10.9.0.1' }),
    ]);
    expect(vm.nic[0].ipaddress).toMatch(/^10\.9\.0\.\d+$/);
    const [listed] = await cs.listAll('listNetworks', { id: network.id }, 'network');
    expect(listed.state).toBe('Implemented');
    expect((await cs.listAll('listNetworks', {}, 'network')).map((n: { name: string }) => n.name).sort()).toEqual([
      'Sim-Guest-Network',
      'app-net',
      'd',
    ]);

    const renamed = await cs.executeAsync<{ network: Record<string, any> }>('updateNetwork', {
      id: network.id,
      name: 'app',
      displaytext: 'Application',
    });
    expect(renamed.result.network).toMatchObject({ id: network.id, name: 'app', displaytext: 'Application' });

    const refused = cs.executeAsync('deleteNetwork', { id: network.id });
    await expect(refused).rejects.toBeInstanceOf(CloudStackAsyncJobError);
    await expect(refused).rejects.toMatchObject({
      errorcode: 431,
      errortext: expect.stringMatching(
        /^Can't delete the network, not all user vms are expunged\. Vm VM\[User\|i-\d+-\d+-VM\] is in Running state$/,
      ),
    });
    await cs.executeAsync('destroyVirtualMachine', { id: vm.id, expunge: true });
    await cs.executeAsync('deleteNetwork', { id: network.id });
    await expect(cs.listAll('listNetworks', { id: network.id }, 'network')).rejects.toMatchObject({ errorcode: 431 });
  });

  it('answers missing and unknown parameters, and keeps other accounts out', async () => {
    await expect(cs.request('createNetwork', { name: 'x', zoneid: CATALOGUE.zoneid })).rejects.toMatchObject({
      errorcode: 431,
      errortext: 'Unable to execute API command createnetwork due to missing parameter networkofferingid',
    });
    await expect(
      cs.request('createNetwork', { name: 'x', zoneid: CATALOGUE.zoneid, networkofferingid: CATALOGUE.zoneid }),
    ).rejects.toMatchObject({ errorcode: 431 });
    const { network } = await cs.request<{ network: { id: string } }>('createNetwork', {
      name: 'mine',
      networkofferingid: ISOLATED_OFFERING,
      zoneid: CATALOGUE.zoneid,
    });
    const alice = await h.account('alice');
    await expect(alice.request('deleteNetwork', { id: network.id })).rejects.toMatchObject({ errorcode: 531 });
    expect((await alice.listAll('listNetworks', {}, 'network')).map((n: { name: string }) => n.name)).toEqual([
      'Sim-Guest-Network',
    ]);
    await expect(alice.request('deployVirtualMachine', { ...CATALOGUE, networkids: network.id })).rejects.toMatchObject(
      { errorcode: 531 },
    );
  });
});
