import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

import { stackEventsOldestFirst } from './stack-events';
import { waitUntil } from './wait-until';

/**
 * Polls DescribeStacks until the stack leaves every *_IN_PROGRESS status and returns where it settled.
 * (The SDK has no waiter for ROLLBACK_COMPLETE after a failed create: its StackRollbackComplete is for updates.)
 */
export async function settledStatus(
  cfn: CloudFormationClient,
  stackName: string,
  timeoutMs = 120_000,
): Promise<string> {
  return waitUntil(
    `stack ${stackName} to settle`,
    async () => {
      const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks ?? [];
      return stack && !stack.StackStatus!.endsWith('_IN_PROGRESS') ? stack.StackStatus : undefined;
    },
    timeoutMs,
    500,
  );
}

/**
 * Polls DescribeStacks (by stack id) until the stack is DELETE_COMPLETE. Unlike the SDK's delete waiter it does not
 * give up on CREATE_FAILED or DELETE_FAILED, which a stack still shows until the planner starts the new delete.
 */
export async function untilDeleted(cfn: CloudFormationClient, stackId: string, timeoutMs = 180_000): Promise<void> {
  await waitUntil(
    `stack ${stackId} to be deleted`,
    async () =>
      (await cfn.send(new DescribeStacksCommand({ StackName: stackId }))).Stacks?.[0]?.StackStatus ===
      'DELETE_COMPLETE',
    timeoutMs,
    500,
  );
}

/**
 * Like settledStatus, but fails with the stack's *_FAILED event reasons when the stack settles anywhere but
 * `expected`: a bare "Received: ROLLBACK_COMPLETE" from CI says nothing about why.
 */
export async function expectSettledAs(
  cfn: CloudFormationClient,
  stackName: string,
  expected: string,
  timeoutMs = 120_000,
): Promise<void> {
  const status = await settledStatus(cfn, stackName, timeoutMs);
  if (status === expected) return;
  const reasons = (await stackEventsOldestFirst(cfn, stackName))
    .filter((event) => event.ResourceStatus?.endsWith('_FAILED'))
    .map((event) => `${event.LogicalResourceId} ${event.ResourceStatus}: ${event.ResourceStatusReason ?? ''}`);
  throw new Error(`stack ${stackName} settled as ${status}, expected ${expected}\n${reasons.join('\n')}`);
}
