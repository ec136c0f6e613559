/** Stands for AWS::NoValue: a property whose value evaluates to this is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export const PSEUDO_PARAMETER_NAMES = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

export type PseudoParameterName = (typeof PSEUDO_PARAMETER_NAMES)[number];

export function isPseudoParameter(name: string): name is PseudoParameterName {
  return (PSEUDO_PARAMETER_NAMES as readonly string[]).includes(name);
}

export interface StackIdentity {
  accountId: string;
  region: string;
  stackId: string;
  stackName: string;
  notificationArns?: string[];
}

export function pseudoParameterValues(stack: StackIdentity): Record<PseudoParameterName, unknown> {
  return {
    'AWS::AccountId': stack.accountId,
    'AWS::NotificationARNs': stack.notificationArns ?? [],
    'AWS::NoValue': NO_VALUE,
    'AWS::Partition': 'aws',
    'AWS::Region': stack.region,
    'AWS::StackId': stack.stackId,
    'AWS::StackName': stack.stackName,
    'AWS::URLSuffix': 'amazonaws.com',
  };
}
