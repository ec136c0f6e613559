import { TemplateValidationError } from './errors';
import { isListParameterType, isNumberParameterType } from './parameter-types';
import type { ParameterDefinition, ParameterValue, TemplateDocument } from './template-types';

export interface SuppliedParameter {
  ParameterKey: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
}

const fail = (message: string): never => {
  throw new TemplateValidationError(message);
};

/**
 * The stack's parameter values: supplied values (or previous ones, or defaults), checked
 * against each declaration's constraints. List types become string arrays.
 */
export function resolveParameters(
  template: TemplateDocument,
  supplied: SuppliedParameter[],
  previous: Record<string, ParameterValue> = {},
): Record<string, ParameterValue> {
  const declared = template.Parameters ?? {};
  const isDeclared = (key: string) => Object.prototype.hasOwnProperty.call(declared, key);
  const unknown = supplied.map((parameter) => parameter.ParameterKey).filter((key) => !isDeclared(key));
  if (unknown.length > 0) fail(`Parameters: [${unknown.join(', ')}] do not exist in the template`);

  const raw = new Map<string, string>();
  for (const parameter of supplied) {
    if (parameter.UsePreviousValue) {
      const earlier = previous[parameter.ParameterKey];
      if (earlier === undefined) {
        fail(
          `Invalid input for parameter key ${parameter.ParameterKey}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
        );
      }
      raw.set(parameter.ParameterKey, Array.isArray(earlier) ? earlier.join(',') : (earlier as string));
    } else if (parameter.ParameterValue !== undefined) {
      raw.set(parameter.ParameterKey, parameter.ParameterValue);
    }
  }

  const missing: string[] = [];
  const values: Record<string, ParameterValue> = {};
  for (const [name, definition] of Object.entries(declared)) {
    const value = raw.get(name) ?? defaultValue(definition);
    if (value === undefined) {
      missing.push(name);
      continue;
    }
    values[name] = checkedValue(name, definition, value);
  }
  if (missing.length > 0) fail(`Parameters: [${missing.join(', ')}] must have values`);
  return values;
}

function defaultValue(definition: ParameterDefinition): string | undefined {
  const value = definition.Default;
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

function checkedValue(name: string, definition: ParameterDefinition, value: string): ParameterValue {
  const type = String(definition.Type);
  if (!isListParameterType(type)) {
    checkMember(name, definition, value, type === 'Number');
    return value;
  }
  // An empty list value is an empty list, not a list holding one empty string.
  const members =
    value === '' ? [] : value.split(',').map((member) => (type === 'CommaDelimitedList' ? member : member.trim()));
  for (const member of members) checkMember(name, definition, member, isNumberParameterType(type));
  return members;
}

function checkMember(name: string, definition: ParameterDefinition, value: string, numeric: boolean): void {
  const violated = (plainMessage: string): never =>
    fail(
      definition.ConstraintDescription
        ? `Parameter ${name} failed to satisfy constraint: ${definition.ConstraintDescription}`
        : plainMessage,
    );
  if (numeric && (value.trim() === '' || !Number.isFinite(Number(value)))) {
    fail(`Parameter '${name}' must be a number.`);
  }
  if (definition.AllowedValues && !definition.AllowedValues.map(String).includes(value)) {
    violated(`Parameter '${name}' must be one of AllowedValues`);
  }
  if (definition.AllowedPattern !== undefined && !allowedPattern(name, definition.AllowedPattern).test(value)) {
    violated(`Parameter '${name}' must match pattern ${definition.AllowedPattern}`);
  }
  if (definition.MinLength !== undefined && value.length < Number(definition.MinLength)) {
    violated(`Parameter '${name}' must contain at least ${definition.MinLength} characters`);
  }
  if (definition.MaxLength !== undefined && value.length > Number(definition.MaxLength)) {
    violated(`Parameter '${name}' must contain at most ${definition.MaxLength} characters`);
  }
  if (definition.MinValue !== undefined && Number(value) < Number(definition.MinValue)) {
    violated(`Parameter '${name}' must be a number not less than ${definition.MinValue}`);
  }
  if (definition.MaxValue !== undefined && Number(value) > Number(definition.MaxValue)) {
    violated(`Parameter '${name}' must be a number not greater than ${definition.MaxValue}`);
  }
}

/** AllowedPattern must match the whole value (Java's `matches`). */
function allowedPattern(name: string, pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return fail(`Template format error: Parameter '${name}' has an invalid AllowedPattern ${pattern}`);
  }
}
