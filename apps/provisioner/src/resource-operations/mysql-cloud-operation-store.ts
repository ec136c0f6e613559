import { CloudOperation } from '@cfn/persistence';
import { DataSource } from 'typeorm';

import { CloudOperationStore } from './cloud-operation-store';
import { IntentValues, IntentWriter } from './intent-writer';
import { LeasedOperationWriter } from './leased-operation-writer';

/** `cloud_operations` in MySQL: intents and leased writes coalesced into multi-row statements (see the writers). */
export class MysqlCloudOperationStore implements CloudOperationStore {
  private readonly intents: IntentWriter;
  private readonly leasedWrites: LeasedOperationWriter;

  constructor(
    private readonly dataSource: DataSource,
    leaseExpirySql: () => string,
  ) {
    this.intents = new IntentWriter(dataSource, leaseExpirySql);
    this.leasedWrites = new LeasedOperationWriter(dataSource);
  }

  writeIntent(values: IntentValues): Promise<boolean> {
    return this.intents.write(values);
  }

  find(operationId: string): Promise<CloudOperation | null> {
    return this.dataSource.getRepository(CloudOperation).findOneBy({ operationId });
  }

  get(operationId: string): Promise<CloudOperation> {
    return this.dataSource.getRepository(CloudOperation).findOneByOrFail({ operationId });
  }

  updateLeased(operationId: string, owner: string, changes: Partial<CloudOperation>): Promise<boolean> {
    return this.leasedWrites.update(operationId, owner, changes);
  }
}
