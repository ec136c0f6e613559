import { TemplateValidationError } from './errors';
import {
  INTRINSIC_SHAPE_MESSAGES as SHAPE,
  SUPPORTED_FUNCTIONS,
  unsupportedFunctionMessage,
} from './intrinsic-messages';
import type { TemplateDocument } from './template-types';

type ShapeRule = (argument: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `{ "Ref": ... }`, `{ "Fn::...": ... }` or `{ "Condition": "Name" }`: something that yields a value at run time. */
export function isIntrinsicObject(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const [key] = keys;
  return key === 'Ref' || key.startsWith('Fn::') || (key === 'Condition' && typeof value[key] === 'string');
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isScalar = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const listOf = (value: unknown, min: number, max = min): value is unknown[] =>
  Array.isArray(value) && value.length >= min && value.length <= max;
const listOrFunction = (value: unknown) => Array.isArray(value) || isIntrinsicObject(value);
const stringOrFunction = (value: unknown) => isString(value) || isIntrinsicObject(value);
const scalarOrFunction = (value: unknown) => isScalar(value) || isIntrinsicObject(value);
const nonEmptyName = (value: unknown) => isString(value) && value.length > 0;
const isConditionReference = (value: unknown) =>
  isObject(value) && Object.keys(value).length === 1 && 'Condition' in value;

/** A literal index must be an integer, and within a literal list (AWS rejects `[100, ["test"]]` as a bad shape). */
function selectIndexFits(index: unknown, list: unknown): boolean {
  if (isIntrinsicObject(index)) return true;
  if (!isScalar(index) || typeof index === 'boolean' || String(index).trim() === '') return false;
  const position = Number(index);
  if (!Number.isInteger(position)) return false;
  return !Array.isArray(list) || isIntrinsicObject(list) || (position >= 0 && position < list.length);
}

const RULES: Record<string, ShapeRule> = {
  Ref: isString,
  'Fn::GetAtt': (argument) => {
    if (isString(argument)) {
      const dot = argument.indexOf('.');
      return dot > 0 && dot < argument.length - 1;
    }
    return (
      listOf(argument, 2) && nonEmptyName(argument[0]) && (nonEmptyName(argument[1]) || isIntrinsicObject(argument[1]))
    );
  },
  'Fn::Join': (argument) => listOf(argument, 2) && isString(argument[0]) && listOrFunction(argument[1]),
  'Fn::Sub': (argument) =>
    isString(argument) ||
    (listOf(argument, 2) && isString(argument[0]) && isObject(argument[1]) && !isIntrinsicObject(argument[1])),
  'Fn::Base64': scalarOrFunction,
  'Fn::Select': (argument) =>
    listOf(argument, 2) && selectIndexFits(argument[0], argument[1]) && listOrFunction(argument[1]),
  'Fn::Split': (argument) =>
    listOf(argument, 2) && isString(argument[0]) && argument[0] !== '' && stringOrFunction(argument[1]),
  'Fn::FindInMap': (argument) =>
    listOf(argument, 3, 4) &&
    argument.slice(0, 3).every(scalarOrFunction) &&
    (argument.length === 3 || isObject(argument[3])),
  'Fn::If': (argument) => listOf(argument, 3) && isString(argument[0]),
  // Fn::Equals compares values; a condition is not one (`!Equals [!Condition A, true]` is refused).
  'Fn::Equals': (argument) => listOf(argument, 2) && !argument.some(isConditionReference),
  'Fn::And': (argument) => listOf(argument, 2, 10),
  'Fn::Or': (argument) => listOf(argument, 2, 10),
  'Fn::Not': (argument) => listOf(argument, 1),
  'Fn::GetAZs': stringOrFunction,
  'Fn::ImportValue': stringOrFunction,
  'Fn::Length': listOrFunction,
  'Fn::ToJsonString': (argument) => argument !== null && typeof argument === 'object',
  'Fn::Cidr': (argument) => listOf(argument, 3) && argument.every(scalarOrFunction),
};

const SUPPORTED = new Set<string>(SUPPORTED_FUNCTIONS);

/**
 * Checks that every intrinsic function in the template has arguments of the shape AWS requires, and that no
 * unsupported function is used, before any value is known (ValidateTemplate makes the same checks).
 */
export function checkIntrinsicShapes(template: TemplateDocument): void {
  for (const resource of Object.values(template.Resources ?? {})) {
    walk(resource.Properties);
    walk(resource.Metadata);
    walk(resource.CreationPolicy);
    walk(resource.UpdatePolicy);
  }
  for (const output of Object.values(template.Outputs ?? {})) {
    walk(output.Value);
    walk(output.Export);
  }
  walk(template.Conditions);
}

function walk(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(walk);
    return;
  }
  if (!isObject(value)) return;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, argument] = entries[0];
    if (key.startsWith('Fn::') && !SUPPORTED.has(key))
      throw new TemplateValidationError(unsupportedFunctionMessage(key));
    const rule = key !== 'Condition' && Object.prototype.hasOwnProperty.call(RULES, key) ? RULES[key] : undefined;
    if (rule) {
      if (!rule(argument)) throw new TemplateValidationError(SHAPE[key]);
      if (key === 'Fn::Sub') {
        if (Array.isArray(argument)) walk(argument[1]);
        return;
      }
      walk(argument);
      return;
    }
  }
  for (const [, item] of entries) walk(item);
}
