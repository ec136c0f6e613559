import type { ParameterValue, TemplateDocument } from './template-types';

/** What intrinsic functions read while evaluating a template for one stack. */
export interface EvaluationContext {
  template: TemplateDocument;
  parameters: Record<string, ParameterValue>;
  /** Pseudo parameter values, see pseudoParameterValues(). */
  pseudo: Record<string, unknown>;
  /** Physical id of a resource, or undefined while it does not exist yet. */
  resourceRef(logicalId: string): string | undefined;
  /** An attribute of a resource, or undefined while it is not known yet. */
  resourceAttribute(logicalId: string, attribute: string): unknown;
  availabilityZones?: string[];
  /** Value exported by another stack (Fn::ImportValue), undefined when no such export. */
  importValue?(exportName: string): string | undefined;
}
