import { ResourceConfigureRequestedV1 } from '@cfn/contracts';
import { Stack, StackResource } from '@cfn/persistence';
import { evaluate, TemplateDocument } from '@cfn/template';
import { stackEvaluationContext } from '../stack-engine/stack-evaluation';
import { ResourceStatus } from '../stack-engine/statuses';

/** Metadata keys the configurator acts on; a resource with neither is complete as soon as it is created. */
export const CONFIGURATION_METADATA_KEYS = ['AWS::CloudFormation::Init', 'CloudStack::Configure'] as const;

const DEFAULT_TIMEOUT_SECONDS = 30 * 60;

export function needsConfiguration(template: TemplateDocument, logicalId: string): boolean {
  const metadata = template.Resources[logicalId]?.Metadata as Record<string, unknown> | undefined;
  return !!metadata && CONFIGURATION_METADATA_KEYS.some((key) => key in metadata);
}

/** CreationPolicy.ResourceSignal.Timeout (ISO-8601, e.g. PT15M) in seconds, as AWS reads it. */
export function creationTimeoutSeconds(template: TemplateDocument, logicalId: string): number {
  const timeout = (template.Resources[logicalId]?.CreationPolicy as { ResourceSignal?: { Timeout?: string } } | undefined)
    ?.ResourceSignal?.Timeout;
  const match = typeof timeout === 'string' ? /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(timeout) : null;
  if (!match || (!match[1] && !match[2] && !match[3])) return DEFAULT_TIMEOUT_SECONDS;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

/**
 * What the configurator needs to configure one VM: where to log in, the resource's Metadata with intrinsic
 * functions evaluated, and the stack's facts (parameters, NoEcho names, every created resource's attributes).
 */
export function configurationRequest(
  stack: Stack, resource: StackResource, all: StackResource[], operationId: string,
): ResourceConfigureRequestedV1 {
  const template = stack.template as TemplateDocument;
  const ctx = stackEvaluationContext(stack, all);
  const metadata = (evaluate(template.Resources[resource.logicalId].Metadata ?? {}, ctx) ?? {}) as Record<string, unknown>;
  const created = all.filter((r) => r.status === ResourceStatus.CreateComplete || r.logicalId === resource.logicalId);
  return {
    operationId,
    stackId: stack.id,
    stackName: stack.name,
    logicalId: resource.logicalId,
    resourceType: resource.resourceType,
    host: { address: String(resource.attributes?.PrivateIp ?? ''), port: 22, user: 'root' },
    metadata,
    facts: {
      parameters: stack.parameters,
      secrets: stack.noEchoParameters,
      resources: Object.fromEntries(created.map((r) => [r.logicalId, { physicalId: r.physicalId, attributes: r.attributes ?? {} }])),
      groups: {},
      self: { logicalId: resource.logicalId, index: 0, group: null },
    },
    timeoutSeconds: creationTimeoutSeconds(template, resource.logicalId),
  };
}
