import { Stack, StackRequest } from '@cfn/persistence';

/**
 * A stack as the api shows it: identity and inputs from the api's own request row, state from the planner's
 * row once the planner has it. Until then the stack is CREATE_IN_PROGRESS (it is being validated).
 */
export interface StackView {
  request: StackRequest;
  state: Stack | null;
}

export function stackStatus(view: StackView): string {
  return view.state?.status ?? 'CREATE_IN_PROGRESS';
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
