import { CloudStackApiError, CloudStackClient, hasTags, tagParams } from '@cfn/cloudstack';

import { vmNameFor } from '../cloudstack-vm/vm-naming';
import type { ResourceOperationContext } from '../resource-type-plugin';

/** Who made an object: the stack and logical id, so retries find it and people can tell whose it is. */
export function stackIdentityTags(
  ctx: Pick<ResourceOperationContext, 'stackId' | 'stackName' | 'logicalId'>,
): Record<string, string> {
  return { 'cfn:stack-id': ctx.stackId, 'cfn:stack-name': ctx.stackName, 'cfn:logical-id': ctx.logicalId };
}

/**
 * The tags every object a stack makes carries: the stack's own Tags (CreateStack Tags, as AWS propagates them)
 * and the identity tags, which win over a stack tag of the same key.
 */
export function stackTags(
  ctx: Pick<ResourceOperationContext, 'stackId' | 'stackName' | 'logicalId' | 'stackUserTags'>,
): Record<string, string> {
  return { ...(ctx.stackUserTags ?? {}), ...stackIdentityTags(ctx) };
}

/**
 * A deterministic CloudStack name for an object of the stack (same rules as VM names), so a retried create finds
 * what an earlier attempt made even when that attempt died before tagging it.
 */
export function stackObjectName(
  ctx: Pick<ResourceOperationContext, 'stackId' | 'stackName' | 'logicalId' | 'generation'>,
): string {
  return vmNameFor(ctx.stackName, ctx.logicalId, ctx.stackId, ctx.generation);
}

/**
 * Starts createTags for the object; returns the job id to wait on (the caller may wait alongside other jobs). It is
 * a background call: the creates of a stack's other resources queued before it go first.
 */
export async function startTagging(
  cloud: CloudStackClient,
  resourceType: string,
  resourceId: string,
  tags: Record<string, string>,
): Promise<string> {
  const { jobid } = await cloud.request<{ jobid: string }>(
    'createTags',
    {
      resourcetype: resourceType,
      resourceids: resourceId,
      ...tagParams(tags),
    },
    { background: true },
  );
  return jobid;
}

/** Tags the object with the stack's tags plus `extra`, skipping keys it already carries (a retry's case). */
export async function tagWithStack(
  ctx: ResourceOperationContext,
  resourceType: string,
  object: { id: string; tags?: Array<{ key?: string; value?: string }> },
  extra: Record<string, string> = {},
): Promise<void> {
  const wanted = { ...stackTags(ctx), ...extra };
  const missing = Object.fromEntries(
    Object.entries(wanted).filter(([key]) => !object.tags?.some((tag) => tag.key === key)),
  );
  if (Object.keys(missing).length === 0) return;
  await ctx.cloud.waitForJob(await startTagging(ctx.cloud, resourceType, object.id, missing));
}

/** The object of this logical resource among those a list command returns, found by the stack's tags. */
export async function findTaggedByStack<T extends { tags?: Array<{ key?: string; value?: string }> }>(
  ctx: ResourceOperationContext,
  command: string,
  itemKey: string,
  params: Record<string, string | boolean | undefined> = {},
): Promise<T | undefined> {
  const tags = stackIdentityTags(ctx);
  const items = await ctx.cloud.listAll<T>(command, { ...params, listall: true, ...tagParams(tags) }, itemKey);
  return items.find((item) => hasTags(item, tags));
}

/** CloudStack's answer for an id that names nothing (431), which deletes treat as done. */
export function isGone(error: unknown): boolean {
  return (
    error instanceof CloudStackApiError &&
    error.errorcode === 431 &&
    /entity does not exist|Unable to find/i.test(error.errortext)
  );
}

/** Runs a delete; an object that is already gone is success. */
export async function ignoringGone(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}
