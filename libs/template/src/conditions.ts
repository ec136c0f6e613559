import { TemplateValidationError } from './errors';
import type { EvaluationContext } from './evaluation-context';
import { evaluate } from './intrinsics';

/** Per-context memo, so each condition is evaluated once per stack evaluation; `null` marks "being evaluated". */
const memo = new WeakMap<EvaluationContext, Map<string, boolean | null>>();

/** The value of a condition of the template's Conditions section. */
export function evaluateCondition(name: string, ctx: EvaluationContext, usedBy = 'Condition'): boolean {
  const conditions = ctx.template.Conditions ?? {};
  if (!Object.prototype.hasOwnProperty.call(conditions, name)) {
    throw new TemplateValidationError(`Template error: unresolved condition dependency ${name} in ${usedBy}`);
  }
  let known = memo.get(ctx);
  if (!known) memo.set(ctx, (known = new Map()));
  const cached = known.get(name);
  if (cached === null) {
    const cycle = [...known.entries()].filter(([, value]) => value === null).map(([condition]) => condition);
    throw new TemplateValidationError(`Template error: Circular dependency between conditions: [${cycle.join(', ')}]`);
  }
  if (cached !== undefined) return cached;
  known.set(name, null);
  try {
    const value = evaluate(conditions[name], ctx);
    if (typeof value !== 'boolean') {
      throw new TemplateValidationError(
        `Template format error: Conditions can only be boolean operations on parameters and other conditions (condition ${name})`,
      );
    }
    known.set(name, value);
    return value;
  } catch (error) {
    known.delete(name);
    throw error;
  }
}

/** Every condition of the template with its value. */
export function evaluateConditions(ctx: EvaluationContext): Record<string, boolean> {
  const values: Record<string, boolean> = {};
  for (const name of Object.keys(ctx.template.Conditions ?? {})) values[name] = evaluateCondition(name, ctx);
  return values;
}

/** Whether a resource (or output) with this `Condition` attribute is part of the stack. */
export function conditionHolds(condition: string | undefined, ctx: EvaluationContext): boolean {
  return condition === undefined || evaluateCondition(condition, ctx);
}
