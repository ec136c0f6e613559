import { CloudOperation, WorkLeases } from '@cfn/persistence';

import { IntentValues } from './intent-writer';

/** The `cloud_operations` row I/O ResourceOperator does; MysqlCloudOperationStore in the app, in memory in specs. */
export interface CloudOperationStore {
  /** True for a row this call wrote (leased to its writer from the start), false when the row already existed. */
  writeIntent(values: IntentValues): Promise<boolean>;
  find(operationId: string): Promise<CloudOperation | null>;
  /** The row, which must exist. */
  get(operationId: string): Promise<CloudOperation>;
  /** Writes `changes` only while `owner` holds the row's lease; false (nothing written) otherwise. */
  updateLeased(operationId: string, owner: string, changes: Partial<CloudOperation>): Promise<boolean>;
}

export const CLOUD_OPERATION_STORE = Symbol('CLOUD_OPERATION_STORE');

/** What ResourceOperator asks of the leases on `cloud_operations` rows (WorkLeases in the app). */
export type OperationLeases = Pick<
  WorkLeases,
  'owner' | 'adopt' | 'tryAcquire' | 'acquireOrWait' | 'release' | 'forget'
>;
