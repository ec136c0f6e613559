import { CloudStackRequestParams, hasTags } from '@cfn/cloudstack';

import { ResourceOperationContext } from '../resource-type-plugin';
import { stackTags } from '../stack-tagging/stack-tags';

type Tagged = { id: string; tags?: Array<{ key?: string; value?: string }> };

/** Whether the object carries any stack's tags (then it is some stack's, and never taken by shape). */
const isStackObject = (item: Tagged) => item.tags?.some((tag) => tag.key === 'cfn:stack-id') ?? false;

/**
 * The object an earlier attempt of this create made, among what a list command shows: tagged with this stack and
 * logical id; else the one whose id the attempt recorded (it died before tagging); else, when `sameShape` is
 * given, an untagged one of exactly the wanted shape (the attempt died before even recording the id, and the cloud
 * refuses a second identical rule).
 */
export async function findEarlierAttempt<T extends Tagged>(
  ctx: ResourceOperationContext,
  command: string,
  itemKey: string,
  params: CloudStackRequestParams,
  sameShape?: (item: T) => boolean,
): Promise<T | undefined> {
  const items = await ctx.cloud
    .listAll<T>(command, { ...params, listall: true }, itemKey)
    .catch((error) => ((error as { errorcode?: number }).errorcode === 431 ? [] : Promise.reject(error)));
  const tags = stackTags(ctx);
  return (
    items.find((item) => hasTags(item, tags)) ??
    (ctx.recordedPhysicalId ? items.find((item) => item.id === ctx.recordedPhysicalId) : undefined) ??
    (sameShape ? items.find((item) => !isStackObject(item) && sameShape(item)) : undefined)
  );
}

/** CidrList as CloudStack takes it: a comma-separated string (a template may give a list). */
export function cidrListParam(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

export const optionalNumber = (value: unknown): number | undefined =>
  value === undefined || value === null || value === '' ? undefined : Number(value);
