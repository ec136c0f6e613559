import { NestedStackCreateRequested, ownerField, ResourceDeleteSucceeded, StackDeleteRequested } from '@cfn/contracts';
import { Transaction } from '@cfn/messaging';
import { Stack, StackResource } from '@cfn/persistence';
import { nestedStackSettings, ResourcePropertyError } from '@cfn/resources';
import { newId } from '@cfn/runtime';
import { noEchoValues } from '@cfn/template';

import { nestedStackArn, nestedStackName } from './nested-stack-identity';
import { NestedStackStore } from './nested-stack-store';

/** How deep stacks may nest (a template that includes itself would otherwise make stacks without end). */
export const MAX_NESTING_DEPTH = 5;

/**
 * Starts an AWS::CloudFormation::Stack resource: chooses the child's id and name, records which resource it
 * belongs to, and asks the api to create it (the api owns stack identities). Returns the child's ARN (the
 * resource's physical id from the start, as on AWS; a refusal by the api clears it) and when the resource times out.
 * Throws ResourcePropertyError for settings the resource cannot be created with.
 */
export async function requestNestedStack(
  store: NestedStackStore,
  tx: Transaction,
  parent: Stack,
  resource: StackResource,
  properties: Record<string, unknown>,
  operationId: string,
): Promise<{ stackArn: string; deadline: Date | null }> {
  const settings = nestedStackSettings(properties);
  const parentLink = await store.link(tx, parent.id);
  const depth = (parentLink?.depth ?? 0) + 1;
  if (depth > MAX_NESTING_DEPTH) {
    throw new ResourcePropertyError(`Stacks may be nested at most ${MAX_NESTING_DEPTH} levels deep`);
  }
  const stackId = newId();
  const stackName = nestedStackName(parent.name, resource.logicalId);
  const stackArn = nestedStackArn(parent.arn, stackName, stackId);
  const rootStackArn = parentLink?.root_stack_arn ?? parent.arn;
  const now = new Date();
  await store.addLink(
    tx,
    {
      stack_id: stackId,
      stack_arn: stackArn,
      parent_stack_id: parent.id,
      logical_id: resource.logicalId,
      operation_id: operationId,
      root_stack_arn: rootStackArn,
      depth,
    },
    now,
  );
  // The parent's stack-level tags go to its nested stacks too, as on AWS; the resource's own Tags win.
  const tags = new Map((parent.tags ?? []).map((tag) => [tag.key, tag.value]));
  for (const tag of settings.tags) tags.set(tag.key, tag.value);
  const secrets = noEchoValues(parent.parameters ?? {}, parent.noEchoParameters ?? []);
  const noEchoParameters = settings.parameters
    .filter((p) => secrets.some((secret) => p.value.includes(secret)))
    .map((p) => p.key);
  await tx.publish(
    NestedStackCreateRequested,
    {
      stackId,
      stackArn,
      stackName,
      accountId: parent.accountId,
      region: parent.region,
      // A nested stack acts as its parent's owner.
      ...ownerField(parent.owner),
      operationId,
      parentStackId: parent.id,
      parentStackArn: parent.arn,
      rootStackArn,
      logicalId: resource.logicalId,
      templateURL: settings.templateUrl,
      parameters: settings.parameters,
      noEchoParameters,
      tags: [...tags].map(([key, value]) => ({ key, value })),
      disableRollback: parent.disableRollback,
      requestedAt: now.toISOString(),
    },
    parent.id,
  );
  return {
    stackArn,
    deadline: settings.timeoutMinutes === null ? null : new Date(now.getTime() + settings.timeoutMinutes * 60_000),
  };
}

/**
 * Deletes the child stack of a nested stack resource (the planner's own DeleteStack path); the resource becomes
 * DELETE_COMPLETE when the child does. A child that is already gone (deleted on its own) counts as deleted.
 */
export async function requestNestedStackDeletion(
  store: NestedStackStore,
  tx: Transaction,
  parent: Stack,
  resource: StackResource,
  operationId: string,
): Promise<void> {
  const childId = stackIdOfArn(resource.physicalId);
  const childStatus = childId ? await store.stackStatus(tx, childId) : null;
  if (!childId || childStatus === 'DELETE_COMPLETE') {
    await tx.publish(
      ResourceDeleteSucceeded,
      { operationId, stackId: parent.id, logicalId: resource.logicalId },
      parent.id,
    );
    return;
  }
  await tx.publish(StackDeleteRequested, { stackId: childId, requestedAt: new Date().toISOString() }, childId);
}

function stackIdOfArn(arn: string | null): string | null {
  return arn ? (/:stack\/[^/]+\/([0-9a-f-]{36})$/.exec(arn)?.[1] ?? null) : null;
}
