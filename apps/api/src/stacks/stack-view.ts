import { Stack, StackRequest } from '@cfn/persistence';

/**
 * A stack as the api shows it: identity and inputs from the api's own request row, state from the planner's
 * row once the planner has it. Until then the stack is CREATE_IN_PROGRESS (it is being validated).
 */
export interface StackView {
  /** With template, parameters and tags of the inputs in effect (the last update's, once the planner took it). */
  request: StackRequest;
  state: Stack | null;
  /** An update the api accepted that the planner has not taken up yet: the stack already shows UPDATE_IN_PROGRESS. */
  pendingUpdate?: boolean;
}

export function stackStatus(view: StackView): string {
  if (deletePending(view)) return 'DELETE_IN_PROGRESS';
  if (view.pendingUpdate) return 'UPDATE_IN_PROGRESS';
  if (rollbackPending(view)) return 'UPDATE_ROLLBACK_IN_PROGRESS';
  if (!view.state && view.request.inReview)
    return view.request.deleteRequestedAt ? 'DELETE_COMPLETE' : 'REVIEW_IN_PROGRESS';
  return view.state?.status ?? 'CREATE_IN_PROGRESS';
}

/** CancelUpdateStack / ContinueUpdateRollback was accepted and the planner has not acted on it yet. */
function rollbackPending(view: StackView): boolean {
  const requested = view.request.rollbackRequestedAt;
  const state = view.state;
  return (
    !!requested &&
    !!state &&
    ['UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED'].includes(state.status) &&
    requested.getTime() > state.updatedAt.getTime()
  );
}

/**
 * DeleteStack was accepted after the planner's last status change and the planner has not started it yet: AWS
 * shows DELETE_IN_PROGRESS at once (the delete waiter fails on an UPDATE_COMPLETE it would otherwise see first).
 */
function deletePending(view: StackView): boolean {
  const requested = view.request.deleteRequestedAt;
  const state = view.state;
  return (
    !!requested && !!state && !state.status.startsWith('DELETE_') && requested.getTime() > state.updatedAt.getTime()
  );
}

export function isDeleted(view: StackView): boolean {
  return stackStatus(view) === 'DELETE_COMPLETE';
}

export function stackArn(region: string, accountId: string, stackName: string, stackId: string): string {
  return `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/${stackId}`;
}

const ARN = /^arn:aws:cloudformation:[^:]*:[^:]*:stack\/([^/]+)\/([0-9a-f-]{36})$/;

/** The stack uuid inside a stack ARN, or null for a plain stack name. */
export function stackIdFromArn(nameOrArn: string): string | null {
  return ARN.exec(nameOrArn)?.[2] ?? null;
}
