import { CloudStackClient } from '@cfn/cloudstack';

import { CATALOGUE, deployVm, SimulatorHarness } from '../testing/simulator-harness';

const GiB = 1024 ** 3;

describe('volumes', () => {
  let h: SimulatorHarness;
  let cs: CloudStackClient;

  beforeAll(async () => {
    h = await SimulatorHarness.start();
    cs = h.admin();
  });
  afterAll(() => h.close());

  it('gives a VM a ROOT volume, and a DATADISK with a disk offering', async () => {
    const vm = await deployVm(cs, { name: 'vol-vm', diskofferingid: CATALOGUE.smallDiskOfferingId });
    const volumes = await cs.listAll('listVolumes', { virtualmachineid: vm.id }, 'volume');
    expect(volumes.map((v) => [v.type, v.deviceid, v.size, v.state])).toEqual([
      ['ROOT', 0, 2 * GiB, 'Ready'],
      ['DATADISK', 1, 5 * GiB, 'Ready'],
    ]);
    expect(volumes[0]).toMatchObject({
      name: expect.stringMatching(/^ROOT-\d+$/),
      vmname: 'vol-vm',
      vmstate: 'Running',
      templatename: 'debian-12',
    });
    await expect(
      deployVm(cs, { name: 'vol-custom', diskofferingid: CATALOGUE.customDiskOfferingId }),
    ).rejects.toMatchObject({ errorcode: 431 });
    const custom = await deployVm(cs, { name: 'vol-custom', diskofferingid: CATALOGUE.customDiskOfferingId, size: 7 });
    const [data] = await cs.listAll('listVolumes', { virtualmachineid: custom.id, type: 'DATADISK' }, 'volume');
    expect(data.size).toBe(7 * GiB);
  });

  it('sizes the ROOT volume by rootdisksize, never below the template', async () => {
    const vm = await deployVm(cs, { name: 'vol-root', rootdisksize: 20 });
    const [root] = await cs.listAll('listVolumes', { virtualmachineid: vm.id, type: 'ROOT' }, 'volume');
    expect(root.size).toBe(20 * GiB);
    await expect(deployVm(cs, { name: 'vol-root-small', rootdisksize: 1 })).rejects.toMatchObject({ errorcode: 431 });
  });

  it('creates, attaches, detaches and deletes data volumes', async () => {
    const vm = await deployVm(cs, { name: 'vol-host' });
    const created = await cs.executeAsync('createVolume', {
      name: 'data-1',
      diskofferingid: CATALOGUE.customDiskOfferingId,
      size: 10,
      zoneid: CATALOGUE.zoneid,
    });
    expect(created.result.volume).toMatchObject({
      id: created.id,
      name: 'data-1',
      type: 'DATADISK',
      state: 'Allocated',
      size: 10 * GiB,
    });
    expect(created.result.volume.virtualmachineid).toBeUndefined();

    const attached = await cs.executeAsync('attachVolume', { id: created.id, virtualmachineid: vm.id });
    expect(attached.result.volume).toMatchObject({
      virtualmachineid: vm.id,
      deviceid: 1,
      state: 'Ready',
      vmname: 'vol-host',
    });
    await expect(cs.request('attachVolume', { id: created.id, virtualmachineid: vm.id })).rejects.toMatchObject({
      errortext: 'Please specify a volume that is not attached to any VM.',
    });
    await expect(cs.request('deleteVolume', { id: created.id })).rejects.toMatchObject({
      errortext: 'Please specify a volume that is not attached to any VM.',
    });
    const [root] = await cs.listAll('listVolumes', { virtualmachineid: vm.id, type: 'ROOT' }, 'volume');
    await expect(cs.request('detachVolume', { id: root.id })).rejects.toMatchObject({
      errortext: 'Please specify a data volume.',
    });

    const detached = await cs.executeAsync('detachVolume', { id: created.id });
    expect(detached.result.volume.virtualmachineid).toBeUndefined();
    expect(await cs.request('deleteVolume', { id: created.id })).toEqual({ success: true });
    expect(await cs.request('listVolumes', { id: created.id })).toEqual({});
  });

  it('attaches at creation to a VM and keeps data disks, detached, when the VM is expunged', async () => {
    const vm = await deployVm(cs, { name: 'vol-gone' });
    const created = await cs.executeAsync('createVolume', {
      diskofferingid: CATALOGUE.smallDiskOfferingId,
      virtualmachineid: vm.id,
    });
    expect(created.result.volume).toMatchObject({
      virtualmachineid: vm.id,
      zoneid: CATALOGUE.zoneid,
      name: expect.stringMatching(/^DATA-\d+$/),
    });
    await cs.executeAsync('destroyVirtualMachine', { id: vm.id, expunge: true });
    const [kept] = await cs.listAll('listVolumes', { id: created.id }, 'volume');
    expect(kept.virtualmachineid).toBeUndefined();
    expect(await cs.listAll('listVolumes', { virtualmachineid: vm.id }, 'volume')).toEqual([]);

    const doomed = await deployVm(cs, { name: 'vol-doomed', diskofferingid: CATALOGUE.smallDiskOfferingId });
    const [disk] = await cs.listAll('listVolumes', { virtualmachineid: doomed.id, type: 'DATADISK' }, 'volume');
    await cs.executeAsync('destroyVirtualMachine', { id: doomed.id, expunge: true, volumeids: disk.id });
    expect(await cs.request('listVolumes', { id: disk.id })).toEqual({});
  });
});
