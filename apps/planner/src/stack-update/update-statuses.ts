import { StackStatus } from '../stack-engine/statuses';

/** Stack statuses the update pass drives. */
export const UPDATE_STATUSES: ReadonlySet<string> = new Set([
  StackStatus.UpdateInProgress,
  StackStatus.UpdateCompleteCleanupInProgress,
  StackStatus.UpdateRollbackInProgress,
  StackStatus.UpdateRollbackCompleteCleanupInProgress,
]);

/** Settled statuses from which a stack may be updated (AWS refuses UpdateStack in any other). */
export const UPDATABLE_STATUSES: ReadonlySet<string> = new Set([
  StackStatus.CreateComplete,
  StackStatus.UpdateComplete,
  StackStatus.UpdateRollbackComplete,
]);

/** AWS's stack event reason for a resource whose update needs a new object. */
export const REPLACEMENT_REASON =
  'Requested update requires the creation of a new physical resource; hence creating one.';
