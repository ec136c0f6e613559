import { ApiError } from './api-error';
import { CommandParameters } from './command-parameters';

/** CloudStack's default.page.size, also the largest page it serves. */
export const MAX_PAGE_SIZE = 500;
const UNLIMITED = -1;

/** One page of items, following BaseListCmd's rules for `page` and `pagesize`. */
export function pageOf<T>(items: T[], params: CommandParameters): T[] {
  const page = params.integer('page');
  const pageSize = params.integer('pagesize');
  if (pageSize !== undefined && pageSize !== UNLIMITED && pageSize > MAX_PAGE_SIZE) {
    throw ApiError.invalidParameter(`Page size can't exceed max allowed page size value: ${MAX_PAGE_SIZE}`);
  }
  if (pageSize === UNLIMITED) {
    if (page !== undefined)
      throw ApiError.invalidParameter("Can't specify page parameter when pagesize is -1 (Unlimited)");
    return items;
  }
  const size = pageSize ?? MAX_PAGE_SIZE;
  const start = page !== undefined && page > 0 ? (page - 1) * size : 0;
  return items.slice(start, start + size);
}

/**
 * `{count, <object>: [...]}` where count is the number of matches before paging; `{}` when nothing matches. `view`,
 * when given, turns only the page's matches into response objects.
 */
export function listResponse<T>(
  objectName: string,
  matches: T[],
  params: CommandParameters,
  view?: (match: T) => unknown,
): Record<string, unknown> {
  const page = pageOf(matches, params);
  if (matches.length === 0) return {};
  return page.length === 0
    ? { count: matches.length }
    : { count: matches.length, [objectName]: view ? page.map(view) : page };
}
