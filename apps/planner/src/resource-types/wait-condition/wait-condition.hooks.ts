import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { WAIT_CONDITION_TYPE, waitConditionSettings } from '@cfn/resources';
import { Injectable } from '@nestjs/common';

import { signalsOf } from '../../creation-policy/stack-signals';
import { CreateCheck, CreateStarted, ResourceTypeHooks } from '../resource-type-hooks';

/**
 * AWS::CloudFormation::WaitCondition: nothing is made in the cloud; the planner itself waits for Count SUCCESS
 * signals at its handle (attribute Data: {UniqueId: Data}), failing on the first FAILURE signal or at its Timeout,
 * in AWS's words. Deleting it asks the provisioner, whose plugin has nothing to remove.
 */
@Injectable()
export class WaitConditionHooks implements ResourceTypeHooks {
  readonly types = [WAIT_CONDITION_TYPE];
  readonly updatable = false;

  async handleCreate(
    _tx: Transaction,
    _stack: Stack,
    _resource: StackResource,
    properties: Record<string, unknown>,
  ): Promise<CreateStarted> {
    const { timeoutSeconds } = waitConditionSettings(properties);
    return {
      changes: { phase: 'AWAITING_SIGNALS', deadline: new Date(Date.now() + timeoutSeconds * 1000) },
      awaiting: true,
    };
  }

  async checkCreateComplete(tx: Transaction, stack: Stack, resource: StackResource): Promise<CreateCheck> {
    const { count, handleLogicalId } = waitConditionSettings(resource.properties ?? {});
    const signals = await signalsOf(tx, stack.id, handleLogicalId);
    const failure = signals.find((signal) => signal.status === 'FAILURE');
    if (failure)
      return {
        failed: `WaitCondition received failed message: '${failure.reason}' for uniqueId: ${failure.unique_id}`,
      };
    const successes = signals.filter((signal) => signal.status === 'SUCCESS');
    if (successes.length < count) return null;
    return {
      complete: {
        physicalId: String(resource.properties?.Handle ?? ''),
        attributes: {
          Data: JSON.stringify(Object.fromEntries(successes.map((signal) => [signal.unique_id, signal.data]))),
        },
      },
    };
  }

  listensTo(resource: StackResource, handleLogicalId: string): boolean {
    return waitConditionSettings(resource.properties ?? {}).handleLogicalId === handleLogicalId;
  }

  async timedOut(tx: Transaction, stack: Stack, resource: StackResource): Promise<string> {
    const { count, handleLogicalId } = waitConditionSettings(resource.properties ?? {});
    const received = (await signalsOf(tx, stack.id, handleLogicalId)).filter(
      (signal) => signal.status === 'SUCCESS',
    ).length;
    return `WaitCondition timed out. Received ${received} conditions when expecting ${count}`;
  }
}
