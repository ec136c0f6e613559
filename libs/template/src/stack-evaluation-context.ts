import type { EvaluationContext } from './evaluation-context';
import { pseudoParameterValues } from './pseudo-parameters';
import type { ParameterValue, TemplateDocument } from './template-types';

/** What a stack is, as far as evaluating its template needs. */
export interface StackFacts {
  template: TemplateDocument;
  parameters: Record<string, ParameterValue>;
  accountId: string;
  region: string;
  stackArn: string;
  stackName: string;
  availabilityZones?: string[] | null;
}

/**
 * The attribute a plugin sets when a resource's Ref is not its physical id (AWS's Ref of a security group outside a
 * VPC is its name). Fn::GetAtt cannot read it: no type declares an attribute of that name.
 */
export const REF_ATTRIBUTE = 'Ref';

/** What one of its resources has become; only complete ones answer Ref and Fn::GetAtt. */
export interface ResourceFacts {
  logicalId: string;
  complete: boolean;
  physicalId: string | null;
  attributes: Record<string, unknown> | null;
}

/**
 * The evaluation context of one stack: its parameters, pseudo parameters and its resources' physical ids and
 * attributes. The planner evaluates properties with it; the api evaluates Metadata for DescribeStackResource.
 */
export function stackEvaluationContextOf(stack: StackFacts, resources: ResourceFacts[]): EvaluationContext {
  const complete = new Map(
    resources.filter((resource) => resource.complete).map((resource) => [resource.logicalId, resource]),
  );
  return {
    template: stack.template,
    parameters: stack.parameters,
    pseudo: pseudoParameterValues({
      accountId: stack.accountId,
      region: stack.region,
      stackId: stack.stackArn,
      stackName: stack.stackName,
    }),
    // A resource's Ref is its physical id (a WaitConditionHandle's: its signal URL), unless its plugin said otherwise.
    resourceRef: (logicalId) => {
      const resource = complete.get(logicalId);
      const ref = resource?.attributes?.[REF_ATTRIBUTE];
      return typeof ref === 'string' ? ref : (resource?.physicalId ?? undefined);
    },
    resourceAttribute: (logicalId, attribute) => complete.get(logicalId)?.attributes?.[attribute],
    availabilityZones: Array.isArray(stack.availabilityZones) ? stack.availabilityZones : [],
  };
}
