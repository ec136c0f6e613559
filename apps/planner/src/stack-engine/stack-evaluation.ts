import { Stack, StackResource } from '@cfn/persistence';
import {
  conditionHolds, EvaluationContext, noEchoValues, pseudoParameterValues, secretPaths, TemplateDocument,
} from '@cfn/template';
import { ResourceStatus } from './statuses';

/** The zones the validator found for Fn::GetAZs, once the stack row keeps them (older rows: none). */
function availabilityZonesOf(stack: Stack): string[] {
  const zones = (stack as Stack & { availabilityZones?: string[] | null }).availabilityZones;
  return Array.isArray(zones) ? zones : [];
}

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
    // A WaitConditionHandle's Ref is its physical id (its signal URL), like any other resource's.
    resourceRef: (logicalId) => usable(logicalId)?.physicalId ?? undefined,
    resourceAttribute: (logicalId, attribute) => usable(logicalId)?.attributes?.[attribute],
    availabilityZones: availabilityZonesOf(stack),
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

/**
 * JSON Pointers of the evaluated `properties` strings that hold a NoEcho parameter's value: what
 * resource.<op>.requested carries as `noEchoPaths`, so that the audit log masks them.
 */
export function noEchoPathsOf(stack: Stack, properties: Record<string, unknown>): string[] {
  return secretPaths(properties, noEchoValues(stack.parameters ?? {}, stack.noEchoParameters ?? []));
}
