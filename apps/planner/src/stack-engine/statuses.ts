/** Stack and resource status values as AWS CloudFormation names them. */
export const StackStatus = {
  CreateInProgress: 'CREATE_IN_PROGRESS',
  CreateComplete: 'CREATE_COMPLETE',
  CreateFailed: 'CREATE_FAILED',
  RollbackInProgress: 'ROLLBACK_IN_PROGRESS',
  RollbackComplete: 'ROLLBACK_COMPLETE',
  RollbackFailed: 'ROLLBACK_FAILED',
  DeleteInProgress: 'DELETE_IN_PROGRESS',
  DeleteComplete: 'DELETE_COMPLETE',
  DeleteFailed: 'DELETE_FAILED',
} as const;

export const ResourceStatus = {
  CreateInProgress: 'CREATE_IN_PROGRESS',
  CreateComplete: 'CREATE_COMPLETE',
  CreateFailed: 'CREATE_FAILED',
  DeleteInProgress: 'DELETE_IN_PROGRESS',
  DeleteComplete: 'DELETE_COMPLETE',
  DeleteFailed: 'DELETE_FAILED',
  /** Kept in the cloud on purpose (DeletionPolicy Retain, DeleteStack RetainResources). */
  DeleteSkipped: 'DELETE_SKIPPED',
} as const;

/** Statuses in which the planner tears a stack down (rollback after a failed create, or DeleteStack). */
export const TEARDOWN_STATUSES: ReadonlySet<string> = new Set([StackStatus.RollbackInProgress, StackStatus.DeleteInProgress]);

