import { CloudStackClient } from '@cfn/cloudstack';

import { ResourceOperationContext } from '../resource-type-plugin';
import { stackObjectName, tagWithStack } from '../stack-tagging/stack-tags';
import { Volumes } from './volumes';

interface CloudStackSnapshot {
  id: string;
  name: string;
  volumeid: string;
  state?: string;
  tags?: Array<{ key?: string; value?: string }>;
}

/**
 * The snapshot DeletionPolicy Snapshot keeps of a volume before the volume is deleted. It is named after the
 * stack and logical id (a retried delete finds it instead of taking a second one) and carries the stack's tags.
 */
export class VolumeSnapshots {
  constructor(private readonly cloud: CloudStackClient) {}

  /** Returns the snapshot's id; an empty string when the volume never had storage (nothing to keep). */
  async keep(ctx: ResourceOperationContext, volumeId: string): Promise<string> {
    const name = `${stackObjectName(ctx)}-snapshot`;
    const earlier = await this.cloud.findOne<CloudStackSnapshot>(
      'listSnapshots',
      { volumeid: volumeId, name, listall: true },
      'snapshot',
      (s) => s.name === name,
    );
    if (earlier) {
      await tagWithStack(ctx, 'Snapshot', earlier);
      return earlier.id;
    }
    const volume = await new Volumes(this.cloud).find(volumeId);
    // A volume still Allocated was never attached: CloudStack has no storage for it and refuses to snapshot it.
    if (!volume || volume.state === 'Allocated') return '';
    const { result } = await this.cloud.executeAsync<{ snapshot: CloudStackSnapshot }>('createSnapshot', {
      volumeid: volumeId,
      name,
    });
    await tagWithStack(ctx, 'Snapshot', { id: result.snapshot.id, tags: [] }, { 'cfn:snapshot-of': volumeId });
    return result.snapshot.id;
  }
}
