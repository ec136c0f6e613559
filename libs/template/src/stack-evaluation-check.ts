import { conditionHolds, evaluateCondition } from './conditions';
import { dependsOnList } from './dependencies';
import { TemplateValidationError, UnresolvedReferenceError } from './errors';
import type { EvaluationContext } from './evaluation-context';
import { evaluate } from './intrinsics';
import { pseudoParameterValues, type StackIdentity } from './pseudo-parameters';
import type { ParameterValue, TemplateDocument } from './template-types';

export interface StackEvaluationInput {
  parameters: Record<string, ParameterValue>;
  identity: StackIdentity;
  /** The cloud's zones for Fn::GetAZs; unknown (and not checked) when undefined. */
  availabilityZones?: string[];
}

/**
 * Marks a reference whose value only exists once resources are created. One instance is thrown every time: it is
 * caught right here, and building an Error (its stack trace) for each unknown value would cost more than the check.
 */
const NOT_KNOWN_YET = new UnresolvedReferenceError('(a resource not created yet)');

/**
 * What AWS checks once parameter values are known, before creating anything: conditions evaluate, every
 * Fn::FindInMap / Fn::Select / ... of the resources and outputs the stack will have succeeds, and nothing refers
 * to a resource left out by its Condition (except from the branch of an Fn::If not taken). Values that depend on
 * resources not yet created are unknown here; whatever does not depend on them is evaluated.
 */
export function checkStackEvaluation(template: TemplateDocument, input: StackEvaluationInput): void {
  let block = 'Resources';
  const excluded = new Set<string>();
  const unresolvedIn = (logicalId: string) =>
    new TemplateValidationError(
      block === 'Outputs'
        ? `Unresolved resource dependencies [${logicalId}] in the Outputs block of the template`
        : `Template format error: Unresolved resource dependencies [${logicalId}] in the Resources block of the template`,
    );
  const known = (logicalId: string): undefined => {
    if (excluded.has(logicalId)) throw unresolvedIn(logicalId);
    throw NOT_KNOWN_YET;
  };
  const ctx: EvaluationContext = {
    template,
    parameters: input.parameters,
    pseudo: pseudoParameterValues(input.identity),
    resourceRef: known,
    resourceAttribute: known,
    availabilityZones: input.availabilityZones,
    importValue: () => {
      throw NOT_KNOWN_YET;
    },
  };

  for (const name of Object.keys(template.Conditions ?? {})) whenKnown(() => evaluateCondition(name, ctx));
  const resources = Object.entries(template.Resources ?? {});
  for (const [logicalId, resource] of resources) {
    if (whenKnown(() => conditionHolds(resource.Condition, ctx)) === false) excluded.add(logicalId);
  }

  for (const [logicalId, resource] of resources) {
    if (excluded.has(logicalId)) continue;
    const missing = dependsOnList(resource).find((target) => excluded.has(target));
    if (missing !== undefined) throw unresolvedIn(missing);
    probe(resource.Properties, ctx);
    probe(resource.Metadata, ctx);
  }
  block = 'Outputs';
  for (const output of Object.values(template.Outputs ?? {})) {
    if (whenKnown(() => conditionHolds(output.Condition, ctx)) === false) continue;
    probe(output.Value, ctx);
    probe(output.Export?.Name, ctx);
  }
}

/** The value of `compute`, or undefined when it depends on something not known before resources exist. */
function whenKnown<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch (error) {
    if (error instanceof UnresolvedReferenceError) return undefined;
    throw error;
  }
}

/** Evaluates `value`; where that needs unknown values, evaluates each part that does not. */
function probe(value: unknown, ctx: EvaluationContext): void {
  try {
    evaluate(value, ctx);
    return;
  } catch (error) {
    if (!(error instanceof UnresolvedReferenceError)) throw error;
  }
  if (Array.isArray(value)) {
    for (const item of value) probe(item, ctx);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, argument] = entries[0];
    if (key === 'Ref' || key === 'Fn::GetAtt' || key === 'Condition') return;
    if (key === 'Fn::If' && Array.isArray(argument)) {
      const holds = whenKnown(() => evaluateCondition(String(argument[0]), ctx, 'Fn::If'));
      if (holds !== undefined) probe(holds ? argument[1] : argument[2], ctx);
      return;
    }
    if (key === 'Fn::Sub') {
      if (Array.isArray(argument)) probe(argument[1], ctx);
      return;
    }
  }
  for (const [, item] of entries) probe(item, ctx);
}
