import { StackResource } from '@cfn/persistence';
import { evaluate, stackEvaluationContextOf, TemplateDocument } from '@cfn/template';

import { StackView } from '../stacks/stack-view';

/**
 * A resource's Metadata as cfn-init and cfn-hup read it from DescribeStackResource: a JSON string with intrinsic
 * functions resolved against the stack's parameters and its resources. Where something it refers to does not
 * exist yet, the Metadata is given as the template wrote it.
 */
export function resourceMetadataJson(
  view: StackView,
  resources: StackResource[],
  logicalId: string,
): string | undefined {
  const state = view.state;
  const template = state?.template as TemplateDocument | undefined;
  const metadata = template?.Resources?.[logicalId]?.Metadata;
  if (!state || metadata === undefined) return undefined;
  const ctx = stackEvaluationContextOf(
    {
      template: template!,
      parameters: state.parameters,
      accountId: state.accountId,
      region: state.region,
      stackArn: state.arn,
      stackName: state.name,
      availabilityZones: state.availabilityZones,
    },
    resources.map((resource) => ({
      logicalId: resource.logicalId,
      complete: resource.status === 'CREATE_COMPLETE',
      physicalId: resource.physicalId,
      attributes: resource.attributes,
    })),
  );
  try {
    return JSON.stringify(evaluate(metadata, ctx));
  } catch {
    return JSON.stringify(metadata);
  }
}
