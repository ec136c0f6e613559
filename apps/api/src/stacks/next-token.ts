import { QueryParams, readString, validationError } from '../protocol';

/** Offset-based NextToken paging for list actions; the token is opaque to clients. */
export function paginate<T>(items: T[], params: QueryParams, pageSize: number): { page: T[]; NextToken?: string } {
  const token = readString(params, 'NextToken');
  let offset = 0;
  if (token) {
    offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isSafeInteger(offset) || offset < 0) throw validationError('Invalid NextToken');
  }
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return { page, NextToken: next < items.length ? Buffer.from(String(next)).toString('base64url') : undefined };
}
