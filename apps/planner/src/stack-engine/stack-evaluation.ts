import { Stack, StackResource } from '@cfn/persistence';
import { conditionHolds, EvaluationContext, pseudoParameterValues, TemplateDocument } from '@cfn/template';
import { ResourceStatus } from './statuses';

/** The evaluation context of one stack: its parameters, pseudo parameters and what its resources have become. */
export function stackEvaluationContext(stack: Stack, resources: StackResource[]): EvaluationContext {
  const byId = new Map(resources.map((resource) => [resource.logicalId, resource]));
  const usable = (logicalId: string) => {
    const resource = byId.get(logicalId);
    return resource && resource.status === ResourceStatus.CreateComplete ? resource : undefined;
  };
  return {
    template: stack.template as TemplateDocument,
    parameters: stack.parameters,
    pseudo: pseudoParameterValues({
      accountId: stack.accountId,
      region: stack.region,
      stackId: stack.arn,
      stackName: stack.name,
    }),
    resourceRef: (logicalId) => usable(logicalId)?.physicalId ?? undefined,
    resourceAttribute: (logicalId, attribute) => usable(logicalId)?.attributes?.[attribute],
  };
}

/** Logical ids of the resources this stack has: those whose Condition holds. */
export function includedResources(stack: Stack): string[] {
  const template = stack.template as TemplateDocument;
  const ctx = stackEvaluationContext(stack, []);
  return Object.entries(template.Resources ?? {})
    .filter(([, definition]) => conditionHolds(definition.Condition, ctx))
    .map(([logicalId]) => logicalId);
}
