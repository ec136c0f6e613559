import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { waitUntil } from './wait-until';

/**
 * Polls DescribeStacks until the stack leaves every *_IN_PROGRESS status and returns where it settled.
 * (The SDK has no waiter for ROLLBACK_COMPLETE after a failed create: its StackRollbackComplete is for updates.)
 */
export async function settledStatus(cfn: CloudFormationClient, stackName: string, timeoutMs = 120_000): Promise<string> {
  return waitUntil(`stack ${stackName} to settle`, async () => {
    const [stack] = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks ?? [];
    return stack && !stack.StackStatus!.endsWith('_IN_PROGRESS') ? stack.StackStatus : undefined;
  }, timeoutMs, 500);
}
