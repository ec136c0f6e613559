import { cidrSubnets } from './cidr';
import { evaluateCondition } from './conditions';
import { TemplateValidationError, UnresolvedReferenceError } from './errors';
import type { EvaluationContext } from './evaluation-context';
import { NO_VALUE } from './pseudo-parameters';
import { parseSubString, splitSubVariable } from './sub-string';

type IntrinsicFunction = (argument: unknown, ctx: EvaluationContext) => unknown;

const has = (record: object | undefined, key: string): boolean =>
  record !== undefined && Object.prototype.hasOwnProperty.call(record, key);

const fail = (message: string): never => {
  throw new TemplateValidationError(message);
};

export function unresolvedDependencies(names: string[], block = 'Resources'): TemplateValidationError {
  return new TemplateValidationError(
    `Template format error: Unresolved resource dependencies [${names.join(', ')}] in the ${block} block of the template`,
  );
}

/**
 * Evaluates every intrinsic function inside `value`. Entries (object properties and list items)
 * that evaluate to AWS::NoValue are dropped; a top-level AWS::NoValue is returned as NO_VALUE.
 */
export function evaluate(value: unknown, ctx: EvaluationContext): unknown {
  if (Array.isArray(value)) return value.map((item) => evaluate(item, ctx)).filter((item) => item !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, argument] = entries[0];
    const intrinsic = intrinsicFunction(key, argument);
    if (intrinsic) return intrinsic(argument, ctx);
  }
  const result: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const evaluated = evaluate(item, ctx);
    if (evaluated !== NO_VALUE) result[key] = evaluated;
  }
  return result;
}

function intrinsicFunction(key: string, argument: unknown): IntrinsicFunction | undefined {
  // `Condition` is a function only with a condition name; IAM policies use a `Condition` key with a map.
  if (key === 'Condition') return typeof argument === 'string' ? conditionFunction : undefined;
  if (has(FUNCTIONS, key)) return FUNCTIONS[key];
  if (key.startsWith('Fn::')) {
    fail(
      `Template format error: Encountered unsupported function: ${key} Supported functions are: [${Object.keys(FUNCTIONS)
        .filter((name) => name.startsWith('Fn::'))
        .join(', ')}]`,
    );
  }
  return undefined;
}

/** A scalar as the string CloudFormation would use; undefined for lists, maps and NoValue. */
function scalarString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function ref(argument: unknown, ctx: EvaluationContext): unknown {
  const name = typeof argument === 'string' ? argument : evaluate(argument, ctx);
  if (typeof name !== 'string') fail('Template format error: Every Ref object must have a single String value.');
  return refByName(name as string, ctx);
}

function refByName(name: string, ctx: EvaluationContext): unknown {
  if (has(ctx.parameters, name)) return ctx.parameters[name];
  if (has(ctx.pseudo, name)) return ctx.pseudo[name];
  if (has(ctx.template.Resources, name)) {
    const physicalId = ctx.resourceRef(name);
    if (physicalId === undefined) throw new UnresolvedReferenceError(name);
    return physicalId;
  }
  throw unresolvedDependencies([name]);
}

function attributeOf(logicalId: string, attribute: string, ctx: EvaluationContext): unknown {
  if (!has(ctx.template.Resources, logicalId)) {
    fail(`Template error: instance of Fn::GetAtt references undefined resource ${logicalId}`);
  }
  const value = ctx.resourceAttribute(logicalId, attribute);
  if (value === undefined) throw new UnresolvedReferenceError(logicalId, attribute);
  return value;
}

function getAtt(argument: unknown, ctx: EvaluationContext): unknown {
  const [logicalId, attribute] =
    typeof argument === 'string'
      ? splitSubVariable(argument)
      : Array.isArray(argument) && argument.length === 2
        ? [argument[0], evaluate(argument[1], ctx)]
        : [];
  if (typeof logicalId !== 'string' || typeof attribute !== 'string' || !logicalId || !attribute) {
    fail(
      'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
    );
  }
  return attributeOf(logicalId as string, attribute as string, ctx);
}

const JOIN_SHAPE =
  'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.';

function join(argument: unknown, ctx: EvaluationContext): string {
  if (!Array.isArray(argument) || argument.length !== 2) return fail(JOIN_SHAPE);
  const delimiter = evaluate(argument[0], ctx);
  const items = evaluate(argument[1], ctx);
  if (typeof delimiter !== 'string' || !Array.isArray(items)) return fail(JOIN_SHAPE);
  return items.map((item) => scalarString(item) ?? fail(JOIN_SHAPE)).join(delimiter);
}

const SUB_SHAPE =
  "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string";

function sub(argument: unknown, ctx: EvaluationContext): string {
  const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
  const validShape = !Array.isArray(argument) || argument.length === 2;
  if (!validShape || typeof text !== 'string' || variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
    return fail(SUB_SHAPE);
  }
  const local = variables as Record<string, unknown>;
  return parseSubString(text)
    .map((part) => {
      if ('literal' in part) return part.literal;
      const value = has(local, part.variable) ? evaluate(local[part.variable], ctx) : subVariable(part.variable, ctx);
      return (
        scalarString(value) ??
        fail(`Template error: variable ${part.variable} in Fn::Sub expression does not resolve to a string`)
      );
    })
    .join('');
}

function subVariable(variable: string, ctx: EvaluationContext): unknown {
  if (has(ctx.parameters, variable) || has(ctx.pseudo, variable) || has(ctx.template.Resources, variable)) {
    return refByName(variable, ctx);
  }
  const [logicalId, attribute] = splitSubVariable(variable);
  if (attribute === undefined || !has(ctx.template.Resources, logicalId)) throw unresolvedDependencies([variable]);
  return attributeOf(logicalId, attribute, ctx);
}

function base64(argument: unknown, ctx: EvaluationContext): string {
  const text = scalarString(evaluate(argument, ctx));
  if (text === undefined) return fail('Template error: every Fn::Base64 object must have a String value');
  return Buffer.from(text, 'utf8').toString('base64');
}

function select(argument: unknown, ctx: EvaluationContext): unknown {
  const shape = 'Template error: Fn::Select requires a list argument with two elements: an integer index and a list';
  if (!Array.isArray(argument) || argument.length !== 2) return fail(shape);
  const index = Number(scalarString(evaluate(argument[0], ctx)));
  const items = evaluate(argument[1], ctx);
  if (!Number.isInteger(index) || !Array.isArray(items)) return fail(shape);
  if (index < 0 || index >= items.length) {
    fail(`Template error: Fn::Select  cannot select nonexistent value at index ${index}`);
  }
  return items[index];
}

function split(argument: unknown, ctx: EvaluationContext): string[] {
  const shape =
    'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.';
  if (!Array.isArray(argument) || argument.length !== 2) return fail(shape);
  const delimiter = evaluate(argument[0], ctx);
  const text = scalarString(evaluate(argument[1], ctx));
  if (typeof delimiter !== 'string' || !delimiter || text === undefined) return fail(shape);
  return text.split(delimiter);
}

function findInMap(argument: unknown, ctx: EvaluationContext): unknown {
  const shape =
    'Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value';
  if (!Array.isArray(argument) || argument.length < 3 || argument.length > 4) return fail(shape);
  const keys = argument.slice(0, 3).map((key) => scalarString(evaluate(key, ctx)));
  if (keys.some((key) => key === undefined)) return fail(shape);
  const [mapName, topKey, secondKey] = keys as string[];
  const mapping = ctx.template.Mappings?.[mapName];
  if (!mapping) return fail(`Template error: Mapping named '${mapName}' is not present in the 'Mappings' section of template.`);
  const entry = has(mapping, topKey) ? mapping[topKey] : undefined;
  if (entry && has(entry, secondKey)) return entry[secondKey];
  const fallback = argument[3] as { DefaultValue?: unknown } | undefined;
  if (fallback && typeof fallback === 'object' && has(fallback, 'DefaultValue')) return evaluate(fallback.DefaultValue, ctx);
  return fail(`Template error: Unable to get mapping for ${mapName}::${topKey}::${secondKey}`);
}

function ifFunction(argument: unknown, ctx: EvaluationContext): unknown {
  if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
    return fail('Template error: Fn::If requires a list argument with three elements: a condition name and two values');
  }
  return evaluate(evaluateCondition(argument[0], ctx, 'Fn::If') ? argument[1] : argument[2], ctx);
}

function equals(argument: unknown, ctx: EvaluationContext): boolean {
  if (!Array.isArray(argument) || argument.length !== 2) {
    return fail('Template error: every Fn::Equals object requires a list of 2 string parameters.');
  }
  const [left, right] = argument.map((item) => evaluate(item, ctx));
  const leftText = scalarString(left);
  const rightText = scalarString(right);
  if (leftText !== undefined && rightText !== undefined) return leftText === rightText;
  return JSON.stringify(left) === JSON.stringify(right);
}

function booleanOperands(name: string, argument: unknown, ctx: EvaluationContext, min: number, max: number): boolean[] {
  const shape =
    min === max
      ? `Template error: every ${name} object requires a list of exactly ${min} boolean parameter${min === 1 ? '' : 's'}.`
      : `Template error: every ${name} object requires a list of at least ${min} and at most ${max} boolean parameters.`;
  if (!Array.isArray(argument) || argument.length < min || argument.length > max) return fail(shape);
  return argument.map((item) => {
    const value = evaluate(item, ctx);
    return typeof value === 'boolean' ? value : fail(shape);
  });
}

function conditionFunction(argument: unknown, ctx: EvaluationContext): boolean {
  return evaluateCondition(argument as string, ctx, 'Condition');
}

function getAZs(argument: unknown, ctx: EvaluationContext): string[] {
  const region = evaluate(argument, ctx);
  if (typeof region !== 'string') return fail('Template error: every Fn::GetAZs object requires a String region');
  return [...(ctx.availabilityZones ?? [])];
}

function importValue(argument: unknown, ctx: EvaluationContext): string {
  const name = scalarString(evaluate(argument, ctx));
  if (name === undefined) return fail('Template error: every Fn::ImportValue object requires a String export name');
  const value = ctx.importValue?.(name);
  return value ?? fail(`No export named ${name} found.`);
}

function length(argument: unknown, ctx: EvaluationContext): number {
  const items = evaluate(argument, ctx);
  return Array.isArray(items) ? items.length : fail('Template error: Fn::Length requires a list argument');
}

function toJsonString(argument: unknown, ctx: EvaluationContext): string {
  const value = evaluate(argument, ctx);
  if (value === null || typeof value !== 'object') {
    return fail('Template error: Fn::ToJsonString requires an object or a list argument');
  }
  return JSON.stringify(value);
}

function cidr(argument: unknown, ctx: EvaluationContext): string[] {
  const shape = 'Template error: every Fn::Cidr object requires three parameters: an ipBlock, a count and cidrBits';
  if (!Array.isArray(argument) || argument.length !== 3) return fail(shape);
  const [ipBlock, count, cidrBits] = argument.map((item) => scalarString(evaluate(item, ctx)));
  if (ipBlock === undefined || count === undefined || cidrBits === undefined) return fail(shape);
  return cidrSubnets(ipBlock, Number(count), Number(cidrBits));
}

const FUNCTIONS: Record<string, IntrinsicFunction> = {
  Ref: ref,
  'Fn::Base64': base64,
  'Fn::Cidr': cidr,
  'Fn::FindInMap': findInMap,
  'Fn::GetAtt': getAtt,
  'Fn::GetAZs': getAZs,
  'Fn::ImportValue': importValue,
  'Fn::Join': join,
  'Fn::Length': length,
  'Fn::Select': select,
  'Fn::Split': split,
  'Fn::Sub': sub,
  'Fn::ToJsonString': toJsonString,
  'Fn::If': ifFunction,
  'Fn::Equals': equals,
  'Fn::And': (argument, ctx) => booleanOperands('Fn::And', argument, ctx, 2, 10).every(Boolean),
  'Fn::Or': (argument, ctx) => booleanOperands('Fn::Or', argument, ctx, 2, 10).some(Boolean),
  'Fn::Not': (argument, ctx) => !booleanOperands('Fn::Not', argument, ctx, 1, 1)[0],
};
