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
  UpdateInProgress: 'UPDATE_IN_PROGRESS',
  UpdateCompleteCleanupInProgress: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  UpdateComplete: 'UPDATE_COMPLETE',
  UpdateFailed: 'UPDATE_FAILED',
  UpdateRollbackInProgress: 'UPDATE_ROLLBACK_IN_PROGRESS',
  UpdateRollbackFailed: 'UPDATE_ROLLBACK_FAILED',
  UpdateRollbackCompleteCleanupInProgress: 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  UpdateRollbackComplete: 'UPDATE_ROLLBACK_COMPLETE',
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
  UpdateInProgress: 'UPDATE_IN_PROGRESS',
  UpdateComplete: 'UPDATE_COMPLETE',
  UpdateFailed: 'UPDATE_FAILED',
} as const;

/** A resource in one of these has its cloud object and is usable: Ref and Fn::GetAtt resolve to it. */
export const COMPLETE_RESOURCE_STATUSES: ReadonlySet<string | null> = new Set([
  ResourceStatus.CreateComplete,
  ResourceStatus.UpdateComplete,
]);

/** Statuses in which the planner tears a stack down (rollback after a failed create, or DeleteStack). */
export const TEARDOWN_STATUSES: ReadonlySet<string> = new Set([
  StackStatus.RollbackInProgress,
  StackStatus.DeleteInProgress,
]);
