import { validationError } from './aws-error';

export type QueryParams = Record<string, string>;

export interface QueryParameter {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
  ResolvedValue?: string;
}

export interface QueryTag {
  Key: string;
  Value: string;
}

/**
 * Decodes an `application/x-www-form-urlencoded` body (`+` is a space). The result has no prototype so a
 * parameter named like an Object.prototype member can neither be inherited nor pollute anything.
 */
export function parseQueryBody(body: string | Buffer): QueryParams {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  const params: QueryParams = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    params[key] = value;
  }
  return params;
}

const hasParam = (params: QueryParams, key: string): boolean => Object.prototype.hasOwnProperty.call(params, key);

/** Returns the value of a scalar parameter, or undefined when it was not sent. */
export function readString(params: QueryParams, name: string): string | undefined {
  return hasParam(params, name) ? params[name] : undefined;
}

/**
 * True when the client sent the list at all. botocore and the JS SDK serialize an explicitly empty list as
 * `Name=` so that "clear" (e.g. UpdateStack Tags/NotificationARNs) can be told apart from "not given".
 */
export function isListPresent(params: QueryParams, name: string): boolean {
  const prefix = `${name}.member.`;
  return hasParam(params, name) || Object.keys(params).some((key) => key.startsWith(prefix));
}

/** Groups `Name.member.N<rest>` keys by N (a positive integer), in ascending N order. */
function collectMembers(params: QueryParams, name: string): Array<[number, Map<string, string>]> {
  const prefix = `${name}.member.`;
  const members = new Map<number, Map<string, string>>();
  for (const key of Object.keys(params)) {
    if (!key.startsWith(prefix)) continue;
    const match = /^([1-9][0-9]*)(?:\.(.+))?$/.exec(key.slice(prefix.length));
    if (!match) continue;
    const index = Number(match[1]);
    let fields = members.get(index);
    if (!fields) {
      fields = new Map();
      members.set(index, fields);
    }
    fields.set(match[2] ?? '', params[key]);
  }
  return [...members.entries()].sort(([a], [b]) => a - b);
}

/** `Name.member.1=a&Name.member.2=b` -> `['a', 'b']`; absent -> `[]`. */
export function readStringList(params: QueryParams, name: string): string[] {
  return collectMembers(params, name)
    .map(([, fields]) => fields.get(''))
    .filter((value): value is string => value !== undefined);
}

/** `Name.member.N.Field=v` -> one record per N (ordered by N), keyed by the Field path after `N.`. */
export function readStructList(params: QueryParams, name: string): Array<Record<string, string>> {
  return collectMembers(params, name)
    .map(([, fields]) => {
      const record: Record<string, string> = Object.create(null);
      for (const [field, value] of fields) {
        if (field !== '') record[field] = value;
      }
      return record;
    })
    .filter((record) => Object.keys(record).length > 0);
}

function parseBoolean(value: string, name: string): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw validationError(`Invalid boolean value '${value}' for parameter ${name}`);
}

export function readBoolean(params: QueryParams, name: string): boolean | undefined {
  const value = readString(params, name);
  return value === undefined ? undefined : parseBoolean(value, name);
}

export function readInteger(params: QueryParams, name: string): number | undefined {
  const value = readString(params, name);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const parsed = Number(trimmed);
  if (!/^[+-]?[0-9]+$/.test(trimmed) || !Number.isSafeInteger(parsed)) {
    throw validationError(`Invalid integer value '${value}' for parameter ${name}`);
  }
  return parsed;
}

/** Reads `Parameters.member.N.ParameterKey/ParameterValue/UsePreviousValue/ResolvedValue`. */
export function readParameters(params: QueryParams, name = 'Parameters'): QueryParameter[] {
  return readStructList(params, name).map((fields, i) => {
    const parameter: QueryParameter = {};
    if (fields.ParameterKey !== undefined) parameter.ParameterKey = fields.ParameterKey;
    if (fields.ParameterValue !== undefined) parameter.ParameterValue = fields.ParameterValue;
    if (fields.UsePreviousValue !== undefined) {
      parameter.UsePreviousValue = parseBoolean(fields.UsePreviousValue, `${name}.member.${i + 1}.UsePreviousValue`);
    }
    if (fields.ResolvedValue !== undefined) parameter.ResolvedValue = fields.ResolvedValue;
    return parameter;
  });
}

/** Reads `Tags.member.N.Key/Value`; both are required members of the AWS Tag shape. */
export function readTags(params: QueryParams, name = 'Tags'): QueryTag[] {
  return readStructList(params, name).map((fields, i) => {
    for (const field of ['Key', 'Value'] as const) {
      if (fields[field] === undefined) {
        throw validationError(
          `1 validation error detected: Value null at '${lowerFirst(name)}.${i + 1}.member.${lowerFirst(field)}' ` +
            'failed to satisfy constraint: Member must not be null',
        );
      }
    }
    return { Key: fields.Key, Value: fields.Value };
  });
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
