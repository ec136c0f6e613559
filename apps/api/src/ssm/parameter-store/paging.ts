import { invalidNextToken, validationError } from './ssm-error';

/**
 * NextToken: the name the previous page ended with, for this operation and request (so a token is not used with
 * another query). Opaque to the client (base64url JSON).
 */
export function nextTokenAfter(lastName: string, scope: string): string {
  return Buffer.from(JSON.stringify({ after: lastName, scope })).toString('base64url');
}

export function nameAfter(token: unknown, scope: string): string | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  if (typeof token !== 'string') throw invalidNextToken();
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown; scope?: unknown };
    if (typeof parsed.after === 'string' && parsed.scope === scope) return parsed.after;
  } catch {
    // Reported below.
  }
  throw invalidNextToken();
}

/** MaxResults within SSM's bounds for the operation (GetParametersByPath 10, DescribeParameters 50). */
export function pageSize(requested: unknown, max: number): number {
  if (requested === undefined || requested === null) return max;
  if (typeof requested !== 'number' || !Number.isInteger(requested) || requested < 1 || requested > max) {
    throw validationError(
      `Value '${String(requested)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
  }
  return requested;
}
