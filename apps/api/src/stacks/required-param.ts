import { QueryParams, readString, validationError } from '../protocol';

/** A required parameter, or AWS's "Member must not be null" ValidationError naming it in lowerCamelCase. */
export function requiredParam(params: QueryParams, name: string): string {
  const value = readString(params, name);
  if (value === undefined || value === '') {
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    throw validationError(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}
