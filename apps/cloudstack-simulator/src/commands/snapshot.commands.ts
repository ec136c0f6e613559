import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AccessControl } from '../api/access-control';
import { ApiError } from '../api/api-error';
import { CommandParameters } from '../api/command-parameters';
import { CommandFamily } from '../api/command-registry';
import { equalsParam, keywordFilter, tagFilter } from '../api/list-filters';
import { listResponse } from '../api/list-response';
import { AsyncJobService } from '../jobs/async-job.service';
import { SnapshotRecord, VolumeRecord } from '../state/records';
import { SimulatorState } from '../state/simulator-state';
import { SnapshotView } from '../views/snapshot.view';

const SNAPSHOT_CMD = 'org.apache.cloudstack.api.command.user.snapshot';

/**
 * Volume snapshots (SnapshotManagerImpl): createSnapshot and deleteSnapshot are asynchronous. A volume must be
 * Ready (it has storage once first attached); the default name is `<vm display name or "detached">_<volume>_<time>`.
 */
@Injectable()
export class SnapshotCommands implements CommandFamily {
  readonly handlers = {
    createSnapshot: (p: CommandParameters) => this.create(p),
    deleteSnapshot: (p: CommandParameters) => this.delete(p),
    listSnapshots: (p: CommandParameters) => this.list(p),
  };

  readonly asyncCommands = ['createSnapshot', 'deleteSnapshot'];

  constructor(
    private readonly state: SimulatorState,
    private readonly jobs: AsyncJobService,
    private readonly access: AccessControl,
    private readonly view: SnapshotView,
  ) {}

  private create(p: CommandParameters) {
    const volume = this.access.owned(p, 'volumeid', (id) => this.liveVolume(id), 'Volume');
    if (volume.state !== 'Ready') {
      throw ApiError.invalidParameter(
        `VolumeId: ${volume.id} is not in Ready state but ${volume.state}. Cannot take snapshot.`,
      );
    }
    const vm = volume.virtualmachineid ? this.state.virtualMachines.get(volume.virtualmachineid) : undefined;
    const snapshot: SnapshotRecord = {
      id: randomUUID(),
      accountid: volume.accountid,
      created: new Date(),
      name: p.optional('name') ?? `${vm?.displayname ?? 'detached'}_${volume.name}_${timeString(new Date())}`,
      volumeid: volume.id,
      volumename: volume.name,
      volumetype: volume.type,
      zoneid: volume.zoneid,
      sizeBytes: volume.sizeBytes,
      state: 'Creating',
    };
    this.state.snapshots.set(snapshot.id, snapshot);
    const job = this.submit(p, 'CreateSnapshotCmd', snapshot, async () => {
      snapshot.state = 'BackedUp';
      return { snapshot: this.view.toResponse(snapshot) };
    });
    return { id: snapshot.id, jobid: job.jobid };
  }

  private delete(p: CommandParameters) {
    const snapshot = this.access.owned(p, 'id', (id) => this.liveSnapshot(id), 'Snapshot');
    const job = this.submit(p, 'DeleteSnapshotCmd', snapshot, async () => {
      snapshot.removed = new Date();
      this.state.tags = this.state.tags.filter((tag) => tag.resourceid !== snapshot.id);
      return { success: true };
    });
    return { jobid: job.jobid };
  }

  private list(p: CommandParameters) {
    const id = p.entity('id', (value) => this.state.snapshots.get(value))?.id;
    const name = p.optional('name');
    const [volume, zone] = ['volumeid', 'zoneid'].map((n) => equalsParam(p, n));
    const type = p.optional('snapshottype')?.toUpperCase();
    const keyword = keywordFilter(p);
    const tagged = tagFilter(p, this.state);
    const snapshots = [...this.state.snapshots.values()]
      .filter((s) => !s.removed)
      .filter(this.access.listFilter(p))
      .filter((s) => (!id || s.id === id) && (!name || s.name === name) && volume(s.volumeid) && zone(s.zoneid))
      .filter((s) => (!type || type === 'MANUAL') && keyword(s.name) && tagged(s.id))
      .map((s) => this.view.toResponse(s));
    return listResponse('snapshot', snapshots, p);
  }

  private liveVolume(id: string): VolumeRecord | undefined {
    const volume = this.state.volumes.get(id);
    return volume && !volume.removed ? volume : undefined;
  }

  private liveSnapshot(id: string): SnapshotRecord | undefined {
    const snapshot = this.state.snapshots.get(id);
    return snapshot && !snapshot.removed ? snapshot : undefined;
  }

  private submit(
    p: CommandParameters,
    cmdClass: string,
    snapshot: SnapshotRecord,
    run: () => Promise<Record<string, unknown>>,
  ) {
    return this.jobs.submit({
      command: p.command,
      cmd: `${SNAPSHOT_CMD}.${cmdClass}`,
      account: p.caller,
      instanceType: 'Snapshot',
      instanceId: snapshot.id,
      run,
    });
  }
}

/** CloudStack's snapshot time stamp: yyyyMMddHHmmss in UTC. */
function timeString(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}
