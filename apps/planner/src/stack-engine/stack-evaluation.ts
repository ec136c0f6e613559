import { Stack, StackResource } from '@cfn/persistence';
import {
  conditionHolds,
  EvaluationContext,
  noEchoValues,
  secretPaths,
  stackEvaluationContextOf,
  TemplateDocument,
} from '@cfn/template';

import { COMPLETE_RESOURCE_STATUSES } from './statuses';

/** The evaluation context of one stack: its parameters, pseudo parameters and what its resources have become. */
export function stackEvaluationContext(stack: Stack, resources: StackResource[]): EvaluationContext {
  const context = stackEvaluationContextOf(
    {
      template: stack.template as TemplateDocument,
      parameters: stack.parameters,
      accountId: stack.accountId,
      region: stack.region,
      stackArn: stack.arn,
      stackName: stack.name,
      availabilityZones: stack.availabilityZones,
    },
    resources.map((resource) => ({
      logicalId: resource.logicalId,
      complete: COMPLETE_RESOURCE_STATUSES.has(resource.status),
      physicalId: resource.physicalId,
      attributes: resource.attributes,
    })),
  );
  // Fn::ImportValue: the values the stack's imports had when it started (resolved by the planner, ADR 0022).
  return { ...context, importValue: (name) => stack.importedValues?.[name] };
}

/** Logical ids of the resources this stack has: those whose Condition holds. */
export function includedResources(stack: Stack): string[] {
  const template = stack.template as TemplateDocument;
  const ctx = stackEvaluationContext(stack, []);
  return Object.entries(template.Resources ?? {})
    .filter(([, definition]) => conditionHolds(definition.Condition, ctx))
    .map(([logicalId]) => logicalId);
}

/**
 * JSON Pointers of the evaluated `properties` strings that hold a NoEcho parameter's value: what
 * resource.<op>.requested carries as `noEchoPaths`, so that the audit log masks them.
 */
export function noEchoPathsOf(stack: Stack, properties: Record<string, unknown>): string[] {
  return secretPaths(properties, noEchoValues(stack.parameters ?? {}, stack.noEchoParameters ?? []));
}
