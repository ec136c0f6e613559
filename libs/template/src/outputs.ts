import { conditionHolds } from './conditions';
import type { EvaluationContext } from './evaluation-context';
import { evaluate } from './intrinsics';
import { NO_VALUE } from './pseudo-parameters';
import type { TemplateDocument } from './template-types';

export interface ResolvedOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

/** A value as DescribeStacks shows it: lists comma-joined, maps as JSON. */
export function outputText(value: unknown): string {
  if (Array.isArray(value)) return value.map(outputText).join(',');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The stack's outputs, leaving out those whose Condition is false (and those evaluating to AWS::NoValue). */
export function resolveOutputs(template: TemplateDocument, ctx: EvaluationContext): ResolvedOutput[] {
  const resolved: ResolvedOutput[] = [];
  for (const [key, output] of Object.entries(template.Outputs ?? {})) {
    if (!conditionHolds(output.Condition, ctx)) continue;
    const value = evaluate(output.Value, ctx);
    if (value === NO_VALUE) continue;
    const result: ResolvedOutput = { OutputKey: key, OutputValue: outputText(value) };
    if (output.Description !== undefined) result.Description = output.Description;
    if (output.Export !== undefined) result.ExportName = outputText(evaluate(output.Export.Name, ctx));
    resolved.push(result);
  }
  return resolved;
}
