import { CloudStackApiError, CloudStackAsyncJobError, CloudStackJobTimeoutError, isRetryable } from '@cfn/cloudstack';
import { isTransientDatabaseError } from '@cfn/persistence';
import { ResourcePropertyError } from '@cfn/resources';

/**
 * True when trying again later may succeed (throttling, 5xx, network). A parameter error, a failed async
 * job or a missing image is final: retrying would only delay the rollback. A lost database connection is transient.
 */
export function isTransientFailure(error: unknown): boolean {
  if (error instanceof ResourcePropertyError || error instanceof CloudStackAsyncJobError) return false;
  // A job still pending is not a failure: the next attempt finds the object and waits again.
  if (error instanceof CloudStackJobTimeoutError) return true;
  // Our own database lost its connection while recording progress: the cloud did nothing wrong.
  if (isTransientDatabaseError(error)) return true;
  return isRetryable(error);
}

/** A one-line reason for stack events, with CloudStack's error code when there is one. */
export function describeFailure(error: unknown): string {
  if (error instanceof CloudStackApiError) return `CloudStack error ${error.errorcode}: ${error.errortext}`;
  return (error as Error).message || String(error);
}
