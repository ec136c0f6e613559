import { cidrSubnets } from './cidr';
import { evaluateCondition } from './conditions';
import { TemplateValidationError, UnknownAvailabilityZonesError, UnresolvedReferenceError } from './errors';
import type { EvaluationContext } from './evaluation-context';
import { INTRINSIC_SHAPE_MESSAGES as SHAPE, unsupportedFunctionMessage } from './intrinsic-messages';
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
  const result: Array<[string, unknown]> = [];
  for (const [key, item] of entries) {
    const evaluated = evaluate(item, ctx);
    if (evaluated !== NO_VALUE) result.push([key, evaluated]);
  }
  // fromEntries defines own properties, so a key named `__proto__` stays a key.
  return Object.fromEntries(result);
}

function intrinsicFunction(key: string, argument: unknown): IntrinsicFunction | undefined {
  // `Condition` is a function only with a condition name; IAM policies use a `Condition` key with a map.
  if (key === 'Condition') return typeof argument === 'string' ? conditionFunction : undefined;
  if (has(FUNCTIONS, key)) return FUNCTIONS[key];
  if (key.startsWith('Fn::')) fail(unsupportedFunctionMessage(key));
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
  if (typeof name !== 'string') fail(SHAPE.Ref);
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
    fail(SHAPE['Fn::GetAtt']);
  }
  return attributeOf(logicalId as string, attribute as string, ctx);
}

const JOIN_SHAPE = SHAPE['Fn::Join'];

function join(argument: unknown, ctx: EvaluationContext): string {
  if (!Array.isArray(argument) || argument.length !== 2) return fail(JOIN_SHAPE);
  const delimiter = evaluate(argument[0], ctx);
  const items = evaluate(argument[1], ctx);
  if (typeof delimiter !== 'string' || !Array.isArray(items)) return fail(JOIN_SHAPE);
  return items.map((item) => scalarString(item) ?? fail(JOIN_SHAPE)).join(delimiter);
}

const SUB_SHAPE = SHAPE['Fn::Sub'];

function sub(argument: unknown, ctx: EvaluationContext): string {
  const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
  const validShape = !Array.isArray(argument) || argument.length === 2;
  if (
    !validShape ||
    typeof text !== 'string' ||
    variables === null ||
    typeof variables !== 'object' ||
    Array.isArray(variables)
  ) {
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
  if (text === undefined) return fail(SHAPE['Fn::Base64']);
  return Buffer.from(text, 'utf8').toString('base64');
}

function select(argument: unknown, ctx: EvaluationContext): unknown {
  const shape = SHAPE['Fn::Select'];
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
  const shape = SHAPE['Fn::Split'];
  if (!Array.isArray(argument) || argument.length !== 2) return fail(shape);
  const delimiter = evaluate(argument[0], ctx);
  const text = scalarString(evaluate(argument[1], ctx));
  if (typeof delimiter !== 'string' || !delimiter || text === undefined) return fail(shape);
  return text.split(delimiter);
}

function findInMap(argument: unknown, ctx: EvaluationContext): unknown {
  const shape = SHAPE['Fn::FindInMap'];
  if (!Array.isArray(argument) || argument.length < 3 || argument.length > 4) return fail(shape);
  const keys = argument.slice(0, 3).map((key) => scalarString(evaluate(key, ctx)));
  if (keys.some((key) => key === undefined)) return fail(shape);
  const [mapName, topKey, secondKey] = keys as string[];
  const mapping = ctx.template.Mappings?.[mapName];
  if (!mapping)
    return fail(`Template error: Mapping named '${mapName}' is not present in the 'Mappings' section of template.`);
  const entry = has(mapping, topKey) ? mapping[topKey] : undefined;
  if (entry && has(entry, secondKey)) return entry[secondKey];
  const fallback = argument[3] as { DefaultValue?: unknown } | undefined;
  if (fallback && typeof fallback === 'object' && has(fallback, 'DefaultValue'))
    return evaluate(fallback.DefaultValue, ctx);
  return fail(`Template error: Unable to get mapping for ${mapName}::${topKey}::${secondKey}`);
}

function ifFunction(argument: unknown, ctx: EvaluationContext): unknown {
  if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') {
    return fail(SHAPE['Fn::If']);
  }
  return evaluate(evaluateCondition(argument[0], ctx, 'Fn::If') ? argument[1] : argument[2], ctx);
}

function equals(argument: unknown, ctx: EvaluationContext): boolean {
  if (!Array.isArray(argument) || argument.length !== 2) {
    return fail(SHAPE['Fn::Equals']);
  }
  const [left, right] = argument.map((item) => evaluate(item, ctx));
  const leftText = scalarString(left);
  const rightText = scalarString(right);
  if (leftText !== undefined && rightText !== undefined) return leftText === rightText;
  return JSON.stringify(left) === JSON.stringify(right);
}

function booleanOperands(name: string, argument: unknown, ctx: EvaluationContext, min: number, max: number): boolean[] {
  const shape = SHAPE[name];
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
  if (typeof region !== 'string') return fail(SHAPE['Fn::GetAZs']);
  if (ctx.availabilityZones === undefined) throw new UnknownAvailabilityZonesError();
  return [...ctx.availabilityZones];
}

function importValue(argument: unknown, ctx: EvaluationContext): string {
  const name = scalarString(evaluate(argument, ctx));
  if (name === undefined) return fail(SHAPE['Fn::ImportValue']);
  const value = ctx.importValue?.(name);
  return value ?? fail(`No export named ${name} found.`);
}

function length(argument: unknown, ctx: EvaluationContext): number {
  const items = evaluate(argument, ctx);
  return Array.isArray(items) ? items.length : fail(SHAPE['Fn::Length']);
}

function toJsonString(argument: unknown, ctx: EvaluationContext): string {
  const value = evaluate(argument, ctx);
  if (value === null || typeof value !== 'object') {
    return fail(SHAPE['Fn::ToJsonString']);
  }
  return JSON.stringify(value);
}

function cidr(argument: unknown, ctx: EvaluationContext): string[] {
  const shape = SHAPE['Fn::Cidr'];
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
