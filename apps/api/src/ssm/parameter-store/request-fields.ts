import { validationError } from './ssm-error';

export type SsmInput = Record<string, unknown>;

/** A required string member, named as AWS's validation messages name it (camelCase). */
export function requiredString(input: SsmInput, member: string): string {
  const value = input[member];
  if (typeof value !== 'string') {
    throw validationError(`Value null at '${camel(member)}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

export function optionalString(input: SsmInput, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw validationError(`Value at '${camel(member)}' failed to satisfy constraint: Member must be a string`);
  return value;
}

/** A list of names (GetParameters, DeleteParameters): 1 to `max` strings. */
export function nameList(input: SsmInput, member: string, max: number): string[] {
  const value = input[member];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw validationError(`Value null at '${camel(member)}' failed to satisfy constraint: Member must not be null`);
  }
  if (value.length < 1 || value.length > max) {
    throw validationError(
      `Value '[${value.join(', ')}]' at '${camel(member)}' failed to satisfy constraint: ` +
        `Member must have length less than or equal to ${max}, Member must have length greater than or equal to 1`,
    );
  }
  return value as string[];
}

export interface ParameterStringFilter {
  Key: string;
  Option?: string;
  Values?: string[];
}

export function parameterFilters(input: SsmInput): ParameterStringFilter[] {
  const value = input.ParameterFilters;
  if (value === undefined || value === null) return [];
  if (
    !Array.isArray(value) ||
    value.some((filter) => !filter || typeof (filter as ParameterStringFilter).Key !== 'string')
  ) {
    throw validationError(
      "Value at 'parameterFilters' failed to satisfy constraint: Member must be a list of filters with a Key",
    );
  }
  return value as ParameterStringFilter[];
}

const camel = (member: string): string => member.charAt(0).toLowerCase() + member.slice(1);
