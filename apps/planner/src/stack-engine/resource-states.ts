import { StackResource } from '@cfn/persistence';

import { ResourceStatus } from './statuses';

/** Still has (or may yet have) something in the cloud. */
export function isPresent(resource: StackResource | undefined): boolean {
  return (
    resource !== undefined &&
    resource.status !== null &&
    resource.status !== ResourceStatus.DeleteComplete &&
    resource.status !== ResourceStatus.DeleteSkipped
  );
}

/**
 * Can be asked to delete now: made (or failed with a cloud object) and not in flight. A resource whose delete
 * failed in this run stays, and keeps what it depends on; a second DeleteStack tries it again.
 */
export function isDeletable(resource: StackResource | undefined): boolean {
  return (
    resource !== undefined &&
    (resource.status === ResourceStatus.CreateComplete ||
      resource.status === ResourceStatus.CreateFailed ||
      resource.status === ResourceStatus.UpdateComplete ||
      resource.status === ResourceStatus.UpdateFailed ||
      isAwaitingOutsideWorkers(resource)) &&
    resource.phase !== 'CANCELLED'
  );
}

/**
 * Waiting for something outside any worker: the other members of its configuration group, or signals. Nothing is
 * in flight, so a teardown removes it without waiting for an outcome.
 */
export function isAwaitingOutsideWorkers(resource: StackResource): boolean {
  return (
    resource.status === ResourceStatus.CreateInProgress &&
    (resource.phase === 'AWAITING_GROUP' || resource.phase === 'AWAITING_SIGNALS')
  );
}

/**
 * A worker is on it (a provisioner, the configurator, or the api for a nested stack; also on a create the stack's
 * timeout cancelled, or on an update's retired object): its outcome will bring the planner back.
 */
export function isInFlight(resource: StackResource): boolean {
  return (
    resource.status === ResourceStatus.DeleteInProgress ||
    resource.status === ResourceStatus.UpdateInProgress ||
    resource.phase === 'CANCELLED' ||
    resource.phase === 'CLEANUP' ||
    (resource.status === ResourceStatus.CreateInProgress && !isAwaitingOutsideWorkers(resource))
  );
}
