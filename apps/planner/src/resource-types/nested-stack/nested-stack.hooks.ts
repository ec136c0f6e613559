import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { NESTED_STACK_TYPE } from '@cfn/resources';
import { Inject, Injectable } from '@nestjs/common';

import { CreateStarted, ResourceTypeHooks } from '../resource-type-hooks';
import { requestNestedStack, requestNestedStackDeletion } from './nested-stack-requests';
import { NestedStackStore } from './nested-stack-store';

/**
 * AWS::CloudFormation::Stack: the api creates and deletes the child stack, whose settling status becomes this
 * resource's outcome (NestedStackStatusController); its TimeoutInMinutes is watched by NestedStackTimeouts.
 */
@Injectable()
export class NestedStackHooks implements ResourceTypeHooks {
  readonly types = [NESTED_STACK_TYPE];
  readonly updatable = false;

  constructor(@Inject(NestedStackStore) private readonly store: NestedStackStore) {}

  async handleCreate(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    properties: Record<string, unknown>,
    operationId: string,
  ): Promise<CreateStarted> {
    const { stackArn, deadline } = await requestNestedStack(this.store, tx, stack, resource, properties, operationId);
    return { changes: { deadline, physicalId: stackArn } };
  }

  async handleDelete(tx: Transaction, stack: Stack, resource: StackResource): Promise<void> {
    await requestNestedStackDeletion(this.store, tx, stack, resource, resource.operationId!);
  }

  /** Its progress is the child stack's, which the stalled-work sweep recovers on its own. */
  async redrive(): Promise<'nothing'> {
    return 'nothing';
  }
}
