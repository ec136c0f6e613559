import {
  ResourceCreateFailed,
  ResourceCreateSucceeded,
  ResourceDeleteFailed,
  ResourceDeleteSucceeded,
  ResourceUpdateFailed,
  ResourceUpdateSucceeded,
} from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';

/** What happened to one resource operation, as the provisioner reports it to the planner. */
export type OperationOutcome =
  | { kind: 'created'; physicalId: string; attributes: Record<string, unknown>; note?: string }
  | { kind: 'create-failed'; reason: string; physicalId: string | null }
  | { kind: 'deleted' }
  | { kind: 'delete-failed'; reason: string }
  | { kind: 'updated'; physicalId: string; attributes: Record<string, unknown>; note?: string }
  | { kind: 'update-failed'; reason: string };

/** Queues the event that tells the planner the outcome (in the caller's transaction). */
export async function publishOutcome(
  tx: Transaction,
  request: { operationId: string; stackId: string; logicalId: string },
  outcome: OperationOutcome,
): Promise<void> {
  const ids = { operationId: request.operationId, stackId: request.stackId, logicalId: request.logicalId };
  switch (outcome.kind) {
    case 'created':
      return tx.publish(
        ResourceCreateSucceeded,
        { ...ids, physicalId: outcome.physicalId, attributes: outcome.attributes, ...noted(outcome.note) },
        request.stackId,
      );
    case 'create-failed':
      return tx.publish(
        ResourceCreateFailed,
        { ...ids, reason: outcome.reason, physicalId: outcome.physicalId },
        request.stackId,
      );
    case 'deleted':
      return tx.publish(ResourceDeleteSucceeded, ids, request.stackId);
    case 'delete-failed':
      return tx.publish(ResourceDeleteFailed, { ...ids, reason: outcome.reason }, request.stackId);
    case 'updated':
      return tx.publish(
        ResourceUpdateSucceeded,
        { ...ids, physicalId: outcome.physicalId, attributes: outcome.attributes, ...noted(outcome.note) },
        request.stackId,
      );
    case 'update-failed':
      return tx.publish(ResourceUpdateFailed, { ...ids, reason: outcome.reason }, request.stackId);
  }
}

function noted(note: string | undefined): { note?: string } {
  return note ? { note } : {};
}
