import { CloudStackClient } from '@cfn/cloudstack';

import { CATALOGUE, deployVm, SimulatorHarness } from '../testing/simulator-harness';

const GiB = 1024 ** 3;

describe('volume snapshots', () => {
  let h: SimulatorHarness;
  let cs: CloudStackClient;

  beforeAll(async () => {
    h = await SimulatorHarness.start();
    cs = h.admin();
  });
  afterAll(() => h.close());

  it('refuses a volume that never had storage (Allocated), as CloudStack does', async () => {
    const created = await cs.executeAsync('createVolume', {
      name: 'fresh',
      diskofferingid: CATALOGUE.customDiskOfferingId,
      size: 1,
      zoneid: CATALOGUE.zoneid,
    });
    await expect(cs.request('createSnapshot', { volumeid: created.id })).rejects.toMatchObject({
      errorcode: 431,
      errortext: `VolumeId: ${created.id} is not in Ready state but Allocated. Cannot take snapshot.`,
    });
  });

  it('snapshots a volume, keeps the snapshot after the volume is deleted, lists, tags and deletes it', async () => {
    const vm = await deployVm(cs, { name: 'snap-host' });
    const created = await cs.executeAsync('createVolume', {
      name: 'data-s',
      diskofferingid: CATALOGUE.customDiskOfferingId,
      size: 3,
      zoneid: CATALOGUE.zoneid,
    });
    await cs.executeAsync('attachVolume', { id: created.id, virtualmachineid: vm.id });
    const taken = await cs.executeAsync('createSnapshot', { volumeid: created.id });
    expect(taken.result.snapshot).toMatchObject({
      id: taken.id,
      volumeid: created.id,
      volumename: 'data-s',
      volumetype: 'DATADISK',
      snapshottype: 'MANUAL',
      intervaltype: 'MANUAL',
      state: 'BackedUp',
      virtualsize: 3 * GiB,
      zoneid: CATALOGUE.zoneid,
      name: expect.stringMatching(/^snap-host_data-s_\d{14}$/),
    });
    await cs.executeAsync('detachVolume', { id: created.id });
    await cs.request('deleteVolume', { id: created.id });

    await cs.executeAsync('createTags', {
      resourcetype: 'Snapshot',
      resourceids: taken.id,
      'tags[0].key': 'kept',
      'tags[0].value': 'yes',
    });
    const listed = await cs.listAll('listSnapshots', { volumeid: created.id, 'tags[0].key': 'kept' }, 'snapshot');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: taken.id, tags: [expect.objectContaining({ key: 'kept', value: 'yes' })] });

    expect((await cs.executeAsync('deleteSnapshot', { id: taken.id })).result).toEqual({ success: true });
    expect(await cs.request('listSnapshots', { id: taken.id })).toEqual({});
  });
});
