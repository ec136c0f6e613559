import { ResourceCreateRequested, ResourceDeleteRequested, ResourceUpdateRequested } from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { Injectable } from '@nestjs/common';

import { noEchoPathsOf } from './stack-evaluation';
import { stackScopeOf } from './stack-scope';

/**
 * The one place the planner's resource requests are built: every request names the stack (id, name, account,
 * region), carries its tags and its CloudStack owner (the provisioner acts as the owner), and the paths of
 * properties that hold NoEcho values, so a worker masks them.
 */
@Injectable()
export class ResourceRequests {
  /** Create the resource as its stored attempt (operation id, evaluated properties) says; re-sent unchanged by recovery. */
  async create(tx: Transaction, stack: Stack, resource: StackResource): Promise<void> {
    const properties = resource.properties ?? {};
    await tx.publish(
      ResourceCreateRequested,
      {
        ...common(stack, resource, resource.operationId!, properties),
        properties,
      },
      stack.id,
    );
  }

  /** Make the new object of a resource an update replaces (n: the stack's n-th update names it apart from the old). */
  async createReplacement(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    replacing: { physicalId: string; generation: number },
  ): Promise<void> {
    const properties = resource.properties ?? {};
    await tx.publish(
      ResourceCreateRequested,
      {
        ...common(stack, resource, resource.operationId!, properties),
        properties,
        replacement: replacing,
      },
      stack.id,
    );
  }

  /** Change the object in place from `previous` to the row's properties. */
  async update(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    previousProperties: Record<string, unknown>,
  ): Promise<void> {
    const properties = resource.properties ?? {};
    await tx.publish(
      ResourceUpdateRequested,
      {
        ...common(stack, resource, resource.operationId!, properties),
        physicalId: resource.physicalId!,
        previousProperties,
        properties,
      },
      stack.id,
    );
  }

  /**
   * Delete an object of the resource: its own (the default) or another one (an update's retired object), with a
   * snapshot first under DeletionPolicy Snapshot.
   */
  async delete(
    tx: Transaction,
    stack: Stack,
    resource: StackResource,
    options: {
      snapshot?: boolean;
      object?: { physicalId: string | null; properties: Record<string, unknown> | null };
    } = {},
  ): Promise<void> {
    const physicalId = options.object ? options.object.physicalId : resource.physicalId;
    const properties = (options.object ? options.object.properties : resource.properties) ?? {};
    await tx.publish(
      ResourceDeleteRequested,
      {
        ...common(stack, resource, resource.operationId!, properties),
        physicalId,
        properties,
        ...(options.snapshot ? { deletionPolicy: 'Snapshot' as const } : {}),
      },
      stack.id,
    );
  }
}

function common(stack: Stack, resource: StackResource, operationId: string, properties: Record<string, unknown>) {
  return {
    operationId,
    stackId: stack.id,
    stackName: stack.name,
    accountId: stack.accountId,
    region: stack.region,
    logicalId: resource.logicalId,
    resourceType: resource.resourceType,
    noEchoPaths: noEchoPathsOf(stack, properties),
    ...stackScopeOf(stack),
  };
}
