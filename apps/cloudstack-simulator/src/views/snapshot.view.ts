import { formatCloudStackDate } from '@cfn/cloudstack';
import { Injectable } from '@nestjs/common';

import { SimulatorCatalogue } from '../catalogue/simulator-catalogue';
import { AccountRegistry } from '../state/account-registry';
import { SnapshotRecord } from '../state/records';
import { ownerFields } from './owner-fields';
import { TagView } from './tag.view';

/** SnapshotResponse (a manual snapshot of a volume on primary storage, backed up to secondary storage). */
@Injectable()
export class SnapshotView {
  constructor(
    private readonly catalogue: SimulatorCatalogue,
    private readonly accounts: AccountRegistry,
    private readonly tags: TagView,
  ) {}

  toResponse(snapshot: SnapshotRecord): Record<string, unknown> {
    return {
      id: snapshot.id,
      ...ownerFields(this.accounts.ownerOf(snapshot)),
      snapshottype: 'MANUAL',
      volumeid: snapshot.volumeid,
      volumename: snapshot.volumename,
      volumetype: snapshot.volumetype,
      created: formatCloudStackDate(snapshot.created),
      name: snapshot.name,
      intervaltype: 'MANUAL',
      state: snapshot.state,
      physicalsize: snapshot.sizeBytes,
      virtualsize: snapshot.sizeBytes,
      zoneid: snapshot.zoneid,
      zonename: this.catalogue.zone.name,
      revertable: false,
      tags: this.tags.tagsOf(snapshot.id),
    };
  }
}
