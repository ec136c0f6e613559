import type { EvaluationContext } from './evaluation-context';
import { pseudoParameterValues } from './pseudo-parameters';
import type { ParameterValue, TemplateDocument } from './template-types';

/** A context for specs: resources whose physical id / attributes are listed are "created". */
export function contextFor(
  template: Partial<TemplateDocument>,
  options: {
    parameters?: Record<string, ParameterValue>;
    physicalIds?: Record<string, string>;
    attributes?: Record<string, Record<string, unknown>>;
    availabilityZones?: string[];
    exports?: Record<string, string>;
  } = {},
): EvaluationContext {
  return {
    template: { Resources: {}, ...template },
    parameters: options.parameters ?? {},
    pseudo: pseudoParameterValues({
      accountId: '123456789012',
      region: 'zone-1',
      stackId: 'arn:aws:cloudformation:zone-1:123456789012:stack/demo/1',
      stackName: 'demo',
    }),
    resourceRef: (id) => options.physicalIds?.[id],
    resourceAttribute: (id, attribute) => options.attributes?.[id]?.[attribute],
    availabilityZones: options.availabilityZones,
    importValue: options.exports ? (name) => options.exports![name] : undefined,
  };
}
