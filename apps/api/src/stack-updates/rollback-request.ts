import { Transaction } from '@cfn/messaging';
import { StackRequest } from '@cfn/persistence';

import { CallerIdentity } from '../protocol';
import { ClientRequestTokens } from '../request-tokens/client-request-tokens';

/**
 * Records that a rollback of the stack's update was asked for (DescribeStacks shows it at once) and publishes the
 * request, once per ClientRequestToken: what CancelUpdateStack and ContinueUpdateRollback share.
 */
export async function requestRollback(
  tokens: ClientRequestTokens,
  caller: CallerIdentity,
  action: string,
  clientRequestToken: string | undefined,
  stackId: string,
  publish: (tx: Transaction, requestedAt: Date) => Promise<void>,
): Promise<void> {
  const requestedAt = new Date();
  await tokens.once(caller, action, clientRequestToken, stackId, async (tx) => {
    await tx.manager.update(StackRequest, { stackId }, { rollbackRequestedAt: requestedAt });
    await publish(tx, requestedAt);
  });
}
