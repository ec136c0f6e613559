import type { CloudStackRequestParams } from './cloudstack-client';

/** `tags[0].key=...&tags[0].value=...` for list commands and createTags. */
export function tagParams(tags: Record<string, string>): CloudStackRequestParams {
  const params: CloudStackRequestParams = {};
  Object.entries(tags).forEach(([key, value], index) => {
    params[`tags[${index}].key`] = key;
    params[`tags[${index}].value`] = value;
  });
  return params;
}

/**
 * Whether a listed object carries every one of the tags. CloudStack's list commands match ANY of the tags given,
 * so callers that look for an object by several tags filter again with this.
 */
export function hasTags(
  item: { tags?: Array<{ key?: string; value?: string }> },
  tags: Record<string, string>,
): boolean {
  return Object.entries(tags).every(([key, value]) => item.tags?.some((tag) => tag.key === key && tag.value === value));
}
